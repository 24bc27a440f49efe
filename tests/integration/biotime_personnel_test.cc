// BioTime's /personnel/api/ (docs/biotime-api.md): an employee created,
// changed and deleted through it reaches the terminals of its areas (device
// groups) as one created through /api/v1/persons does; BioTime's field
// errors; areas, the department and positions.
#include <gtest/gtest.h>

#include "biotime_fixture.h"
#include "sim_fixture.h"
#include "support/eventually.h"

namespace zkpush::test {
namespace {

using nlohmann::json;

TEST_F(BiotimeTest, AnEmployeeCreatedChangedAndDeletedReachesTheTerminalsOfItsArea) {
  fast_polling(server_, "AREA1");
  const int64_t group = server_.api_send("POST", "/api/v1/device-groups", {{"name", "Plant"}}, 201)["id"];
  server_.api_send("PATCH", "/api/v1/devices/AREA1", {{"group_id", group}}, 200);
  sim::TerminalConfig config = config_for("AREA1");
  config.users = 0;
  RunningTerminal terminal(server_.device_port(), config);
  BiotimeClient api = client();

  HttpReply created = api.send("POST", "/personnel/api/employees/",
                               json{{"emp_code", 501}, {"first_name", "Ada"}, {"last_name", "Lovelace"},
                                    {"department", 1}, {"area", {group}}, {"card_no", "9001"}}.dump());
  ASSERT_EQ(created.status, 201) << created.body;
  const json employee = json::parse(created.body);
  EXPECT_EQ(employee["emp_code"], "501");
  EXPECT_EQ(employee["first_name"], "Ada Lovelace");
  EXPECT_EQ(employee["department"]["dept_name"], "Department");
  EXPECT_EQ(employee["area"], json::array({{{"id", group}, {"area_code", std::to_string(group)}, {"area_name", "Plant"}}}));
  auto user_name = [&](const std::string& pin) {
    std::string name = "(none)";
    terminal.wait_until([&](sim::Terminal& t, sim::Stats&) {
      auto it = t.db().users.find(pin);
      name = it == t.db().users.end() ? "(none)" : it->second.name.value_or("");
      return true;
    });
    return name;
  };
  EXPECT_TRUE(eventually([&] { return user_name("501") == "Ada Lovelace"; }));

  const std::string path = "/personnel/api/employees/" + std::to_string(employee["id"].get<int64_t>()) + "/";
  HttpReply changed = api.send("PATCH", path, R"({"first_name":"Ada","last_name":"King","emp_code":"999"})");
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(json::parse(changed.body)["emp_code"], "501");  // kept, as BioTime keeps it
  EXPECT_TRUE(eventually([&] { return user_name("501") == "Ada King"; }));
  EXPECT_EQ(api.get("/personnel/api/employees/?emp_code=501")["data"][0]["first_name"], "Ada King");

  EXPECT_EQ(api.send("DELETE", path).status, 204);
  EXPECT_TRUE(eventually([&] { return user_name("501") == "(none)"; }));
  EXPECT_EQ(api.get(path, 404), json::parse(R"({"detail":"Not found."})"));
}

TEST_F(BiotimeTest, EmployeeFieldErrorsAreKeyedByFieldAsBiotimes) {
  BiotimeClient api = client();
  auto create = [&](const json& body) { return api.send("POST", "/personnel/api/employees/", body.dump()); };
  HttpReply missing = create({{"first_name", "No code"}});
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(json::parse(missing.body), json::parse(R"({"emp_code":["This field is required."]})"));
  HttpReply department = create({{"emp_code", "8"}, {"department", 5}});
  EXPECT_EQ(department.status, 400);
  EXPECT_EQ(json::parse(department.body), json::parse(R"({"department":["Invalid pk \"5\" - object does not exist."]})"));
  EXPECT_EQ(create({{"emp_code", "8"}, {"area", {77}}}).status, 400);
  EXPECT_EQ(create({{"emp_code", "8"}, {"card_no", "12ab"}}).status, 400);
  ASSERT_EQ(create({{"emp_code", "8"}}).status, 201);
  HttpReply again = create({{"emp_code", "8"}});
  EXPECT_EQ(again.status, 400);
  EXPECT_TRUE(json::parse(again.body).contains("emp_code"));
  // A form, as some clients post.
  HttpReply form = api.send("POST", "/personnel/api/employees/", "emp_code=9&first_name=Form+Sent",
                            "Content-Type: application/x-www-form-urlencoded\r\n");
  ASSERT_EQ(form.status, 201) << form.body;
  EXPECT_EQ(json::parse(form.body)["first_name"], "Form Sent");
  EXPECT_EQ(api.get("/personnel/api/employees/")["count"], 2);
}

TEST_F(BiotimeTest, AreasAreDeviceGroupsWithOneDepartmentAndNoPositions) {
  for (const char* name : {"North", "South", "East"}) server_.api_send("POST", "/api/v1/device-groups", {{"name", name}}, 201);
  BiotimeClient api = client();
  const json areas = api.get("/personnel/api/areas/?page_size=2");
  EXPECT_EQ(areas["count"], 3);
  EXPECT_EQ(areas["data"].size(), 2u);
  EXPECT_EQ(areas["data"][0]["area_name"], "North");
  EXPECT_EQ(api.get("/personnel/api/areas/?page_size=2&page=2")["data"][0]["area_name"], "East");
  const json departments = api.get("/personnel/api/departments/");
  EXPECT_EQ(departments["data"],
            json::parse(R"([{"id":1,"dept_code":"1","dept_name":"Department","parent_dept":null}])"));
  EXPECT_EQ(api.get("/personnel/api/positions/")["count"], 0);
  // BioTime's own writes to them are not offered.
  EXPECT_EQ(api.send("POST", "/personnel/api/departments/", R"({"dept_code":"2","dept_name":"HR"})").status, 405);
}

}  // namespace
}  // namespace zkpush::test
