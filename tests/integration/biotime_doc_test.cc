// The BioTime API's answers are what docs/biotime-api.md says: every field of
// its tables "Transaction fields", "Terminal fields" and "Employee fields" is
// in the JSON with the documented type, and the JSON has no field the
// document does not name.
#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "biotime_fixture.h"
#include "support/read_file.h"

namespace zkpush::test {
namespace {

using nlohmann::json;

// Field -> its "Type" column, from the table under the heading `title`.
std::map<std::string, std::string> documented_fields(const std::string& title) {
  const std::string doc = read_file(std::string(ZKPUSH_DOCS_DIR) + "/biotime-api.md");
  std::istringstream in(doc.substr(doc.find("### " + title + "\n")));
  std::map<std::string, std::string> fields;
  std::string line;
  std::getline(in, line);  // the heading
  while (std::getline(in, line) && !line.starts_with("## ") && !line.starts_with("### ")) {
    if (!line.starts_with("| `")) continue;
    const auto name_end = line.find("` |");
    const auto type_end = line.find(" |", name_end + 3);
    fields[line.substr(3, name_end - 3)] = line.substr(name_end + 4, type_end - name_end - 4);
  }
  return fields;
}

// Whether `value` is of a documented type: "int", "string or null", "list of objects"...
bool has_type(const json& value, const std::string& type) {
  std::size_t start = 0;
  for (;;) {
    const auto end = type.find(" or ", start);
    const std::string one = type.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if ((one == "int" && value.is_number_integer()) || (one == "string" && value.is_string()) ||
        (one == "null" && value.is_null()) || (one == "float" && value.is_number_float()) ||
        (one == "object" && value.is_object()) || (one == "bool" && value.is_boolean()) ||
        (one.starts_with("list") && value.is_array()))
      return true;
    if (end == std::string::npos) return false;
    start = end + 4;
  }
}

void expect_documented(const json& object, const std::string& title) {
  const auto fields = documented_fields(title);
  ASSERT_GE(fields.size(), 10u) << title;
  for (const auto& [name, type] : fields) {
    ASSERT_TRUE(object.contains(name)) << title << ": " << name << " is documented but not sent";
    EXPECT_TRUE(has_type(object[name], type)) << title << ": " << name << " is " << object[name].dump()
                                              << ", documented as " << type;
  }
  for (const auto& [name, value] : object.items())
    EXPECT_TRUE(fields.count(name)) << title << ": " << name << " is sent but not documented";
}

TEST_F(BiotimeTest, TheAnswersHaveTheDocumentedFieldsAndTypes) {
  server_.get("/iclock/cdata?SN=DOC1&options=all&pushver=2.4.1");
  server_.api_send("POST", "/api/v1/persons", {{"pin", "5"}, {"name", "Grace Hopper"}, {"card", "77"}}, 201);
  ASSERT_EQ(server_.post("/iclock/cdata?SN=DOC1&table=ATTLOG&Stamp=1", "5\t2026-05-03 08:55:05\t0\t1\t0\t0\t0\n").status,
            200);
  BiotimeClient api = client();
  expect_documented(api.get("/iclock/api/transactions/")["data"][0], "Transaction fields");
  expect_documented(api.get("/iclock/api/terminals/")["data"][0], "Terminal fields");
  expect_documented(api.get("/personnel/api/employees/")["data"][0], "Employee fields");
}

}  // namespace
}  // namespace zkpush::test
