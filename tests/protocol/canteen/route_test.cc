// Canteen routing (catalog §2) and card requests (§8).
#include "protocol/canteen/route.h"

#include <gtest/gtest.h>

#include "protocol/canteen/card_request.h"
#include "protocol/route.h"

namespace zkpush::protocol::canteen {
namespace {

Route routed(std::string_view method, std::string_view path_and_query) {
  const auto q = path_and_query.find('?');
  const std::string path(path_and_query.substr(0, q));
  const Query query = Query::parse(q == std::string_view::npos ? "" : path_and_query.substr(q + 1));
  const auto general = route_request(method, path, query, "");
  EXPECT_EQ(general.endpoint, protocol::Endpoint::kCanteen) << path;
  return route_canteen(method, endpoint_name(path).value_or(""), query);
}

TEST(CanteenRoute, EveryEndpoint) {
  // Capture D09's request line.
  Route r = routed("GET",
                   "/iclock/cpos?SN=5158181900025&options=all&fireVer=Ver_2020.0.0.2-20181011&build=0001&ip=192.168."
                   "1.201&language=83&deviceName=CM102&device_type=30&IsConsumeFunType=3&pushver=4.0.1");
  EXPECT_EQ(r.endpoint, Endpoint::kOptions);
  EXPECT_EQ(r.sn, "5158181900025");
  EXPECT_EQ(routed("GET", "/iclock/cpos?SN=1&type=time").endpoint, Endpoint::kTime);
  r = routed("POST", "/iclock/cpos?SN=1&table=BUYLOG&Stamp=2018-12-20T17:20:13&StampId=37");
  EXPECT_EQ(r.endpoint, Endpoint::kUpload);
  EXPECT_EQ(r.table, "BUYLOG");
  EXPECT_EQ(routed("POST", "/iclock/cpos?SN=1&table=storedetail").table, "storedetail");
  EXPECT_EQ(routed("POST", "/iclock/cpos?SN=1").endpoint, Endpoint::kUnknown);
  EXPECT_EQ(routed("GET", "/iclock/posrequest?SN=1&type=pos&devno=36").endpoint, Endpoint::kPoll);
  EXPECT_EQ(routed("GET", "/iclock/posrequest?SN=1&RepType=2&Card=20001&Pwd=1").endpoint, Endpoint::kCardRequest);
  EXPECT_EQ(routed("GET", "/iclock/postrequest?SN=1&RepType=5&Card=2").endpoint, Endpoint::kCardRequest);
  EXPECT_EQ(routed("POST", "/iclock/posdevicecmd?SN=1").endpoint, Endpoint::kCommandReply);
  EXPECT_EQ(routed("GET", "/iclock/posdevicecmd?SN=1").endpoint, Endpoint::kUnknown);
  EXPECT_EQ(routed("POST", "/iclock/exchange?SN=1&type=publickey").endpoint, Endpoint::kExchange);
}

TEST(CanteenRoute, AttendanceEndpointsStayAttendance) {
  const Query q = Query::parse("SN=1&options=all");
  EXPECT_EQ(route_request("GET", "/iclock/cdata", q, "").endpoint, protocol::Endpoint::kHandshake);
  EXPECT_EQ(route_request("GET", "/iclock/getrequest", q, "").endpoint, protocol::Endpoint::kGetRequest);
  EXPECT_FALSE(is_canteen_segment("cdata"));
  EXPECT_TRUE(is_canteen_segment("CPOS"));
}

TEST(CanteenCardRequest, EveryType) {
  auto lost = parse_card_request(Query::parse("SN=1&RepType=2&Card=20001&Pwd=1234"));
  ASSERT_TRUE(lost.ok());
  EXPECT_EQ(lost->type, CardRequest::Type::kReportLost);
  EXPECT_EQ(lost->card, "20001");
  EXPECT_EQ(lost->password, "1234");
  EXPECT_EQ(parse_card_request(Query::parse("RepType=3&Card=1&Pwd=")).value().type, CardRequest::Type::kCancelLoss);
  auto change = parse_card_request(Query::parse("RepType=4&Card=1&OldPwd=1&NewPwd=2"));
  ASSERT_TRUE(change.ok());
  EXPECT_EQ(change->type, CardRequest::Type::kMayChangePassword);
  EXPECT_EQ(change->old_password, "1");
  EXPECT_EQ(change->new_password, "2");
  // The printed "RepType=5${XXX}": the leading digits are the type.
  EXPECT_EQ(parse_card_request(Query::parse("RepType=5XXX&Card=1")).value().type, CardRequest::Type::kPasswordChanged);
  EXPECT_FALSE(parse_card_request(Query::parse("RepType=7&Card=1")).ok());
  EXPECT_FALSE(parse_card_request(Query::parse("RepType=2")).ok());
}

}  // namespace
}  // namespace zkpush::protocol::canteen
