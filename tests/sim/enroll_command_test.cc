// Remote enrolment (004 §12.6): what is stored, what goes up before the
// reply, OVERWRITE in both dialects (AMB-05), and the error codes.
#include <gtest/gtest.h>

#include "protocol/text.h"
#include "protocol/upload.h"
#include "sim/command_executor.h"
#include "sim/record_lines.h"
#include "executor_test_util.h"

namespace zkpush::sim {
namespace {

using protocol::TemplateKind;
using exec_test::legacy_terminal;
using exec_test::make_fp;
using exec_test::make_user;
using exec_test::run;

using Query = std::vector<std::pair<std::string, std::string>>;

TEST(SimEnroll, FingerprintIsStoredAndUploadedAsAnFpLine) {
  TerminalDb db;
  db.users["1"] = make_user("1", "Ali");
  CommandOutcome o = run(db, "ENROLL_FP PIN=1\tFID=6\tRETRY=3\tOVERWRITE=0");
  EXPECT_EQ(o.reply, "ID=7&Return=0&CMD=ENROLL_FP");
  ASSERT_EQ(db.templates.size(), 1u);
  const protocol::TemplateRecord& t = db.templates[0];
  EXPECT_EQ(t.kind, TemplateKind::kFingerprint);
  EXPECT_EQ(t.pin, "1");
  EXPECT_EQ(t.no, 6);
  EXPECT_EQ(t.valid, 1);
  EXPECT_EQ(t.tmp.size(), 1600u);  // 1200 bytes in base64
  EXPECT_EQ(t.size, 1600);
  EXPECT_TRUE(protocol::decode_base64(t.tmp).ok());

  ASSERT_EQ(o.uploads.size(), 1u);
  EXPECT_EQ(o.uploads[0].query, (Query{{"table", "OPERLOG"}}));
  EXPECT_EQ(o.uploads[0].body, template_line(t) + "\n");
  protocol::ParsedUpload parsed;
  protocol::parse_operlog(o.uploads[0].body, parsed);
  ASSERT_EQ(parsed.templates.size(), 1u);
  EXPECT_EQ(parsed.templates[0].tmp, t.tmp);
  EXPECT_EQ(parsed.templates[0].size, 1600);
  EXPECT_TRUE(parsed.users.empty());
}

TEST(SimEnroll, TheSameEnrolmentGivesTheSameTemplate) {
  TerminalDb a, b;
  a.users["1"] = b.users["1"] = make_user("1", "Ali");
  run(a, "ENROLL_FP PIN=1\tFID=0\tRETRY=3\tOVERWRITE=1");
  run(b, "ENROLL_FP PIN=1\tFID=0\tRETRY=3\tOVERWRITE=1");
  run(b, "ENROLL_FP PIN=1\tFID=1\tRETRY=3\tOVERWRITE=1");
  ASSERT_EQ(b.templates.size(), 2u);
  EXPECT_EQ(a.templates[0].tmp, b.templates[0].tmp);
  EXPECT_NE(b.templates[0].tmp, b.templates[1].tmp);
}

TEST(SimEnroll, OverwriteOnlyWhenOneInBothDialects) {
  for (bool legacy : {false, true}) {
    const TerminalIdentity terminal = legacy ? legacy_terminal() : exec_test::modern_terminal();
    TerminalDb db;
    db.users["1"] = make_user("1", "Ali");
    db.templates.push_back(make_fp("1", 2, "T0xE"));
    // Keep: 0 on 004, 2 on 000/002, or no OVERWRITE at all -> 2, unchanged.
    for (const char* keep : {"OVERWRITE=0", "OVERWRITE=2", "RETRY=1"}) {
      CommandOutcome o = run(db, std::string("ENROLL_FP PIN=1\tFID=2\t") + keep, terminal);
      EXPECT_EQ(o.reply, "ID=7&Return=2&CMD=ENROLL_FP") << keep;
      EXPECT_TRUE(o.uploads.empty());
      EXPECT_EQ(db.templates[0].tmp, "T0xE");
    }
    CommandOutcome o = run(db, "ENROLL_FP PIN=1\tFID=2\tRETRY=3\tOVERWRITE=1", terminal);
    EXPECT_EQ(o.reply, "ID=7&Return=0&CMD=ENROLL_FP");
    ASSERT_EQ(db.templates.size(), 1u);
    EXPECT_NE(db.templates[0].tmp, "T0xE");
    EXPECT_EQ(o.uploads.size(), 1u);
  }
}

TEST(SimEnroll, UnknownPinBecomesAUserWhoseLineGoesFirst) {
  TerminalDb db;
  CommandOutcome o = run(db, "ENROLL_FP PIN=42\tFID=0\tRETRY=3\tOVERWRITE=0");
  EXPECT_EQ(o.reply, "ID=7&Return=0&CMD=ENROLL_FP");
  ASSERT_TRUE(db.users.contains("42"));
  ASSERT_EQ(o.uploads.size(), 1u);
  protocol::ParsedUpload parsed;
  protocol::parse_operlog(o.uploads[0].body, parsed);
  EXPECT_EQ(parsed.lines, 2);
  ASSERT_EQ(parsed.users.size(), 1u);
  EXPECT_EQ(parsed.users[0].pin, "42");
  ASSERT_EQ(parsed.templates.size(), 1u);
  EXPECT_EQ(o.uploads[0].body.rfind("USER PIN=42\t", 0), 0u);
}

TEST(SimEnroll, FingerprintParameterErrors) {
  TerminalDb db;
  for (const char* bad :
       {"ENROLL_FP FID=0", "ENROLL_FP PIN=1", "ENROLL_FP PIN=1\tFID=10", "ENROLL_FP PIN=1\tFID=-1",
        "ENROLL_FP PIN=1\tFID=a", "ENROLL_FP PIN=1\tFID=0\tRETRY=x", "ENROLL_FP PIN=1\tFID=0\tOVERWRITE=yes"})
    EXPECT_EQ(run(db, bad).reply, "ID=7&Return=-1&CMD=ENROLL_FP") << bad;
  EXPECT_TRUE(db.templates.empty());
  EXPECT_TRUE(db.users.empty());
}

TEST(SimEnroll, CardIsSetAndTheUserLineUploaded) {
  TerminalDb db;
  db.users["408"] = make_user("408", "Ali");
  db.users["408"].card = "1";
  CommandOutcome o = run(db, "ENROLL_MF PIN=408\tRETRY=3");  // 004 §12.6.2 example
  EXPECT_EQ(o.reply, "ID=7&Return=0&CMD=ENROLL_MF");
  const auto& card = db.users.at("408").card;
  ASSERT_TRUE(card.has_value());
  EXPECT_NE(*card, "1");
  EXPECT_TRUE(protocol::parse_int(*card).has_value());
  EXPECT_EQ(db.users.at("408").name, "Ali");
  ASSERT_EQ(o.uploads.size(), 1u);
  EXPECT_EQ(o.uploads[0].query, (Query{{"table", "OPERLOG"}}));
  EXPECT_EQ(o.uploads[0].body, user_line(db.users.at("408")) + "\n");
  EXPECT_EQ(run(db, "ENROLL_MF RETRY=3").reply, "ID=7&Return=-1&CMD=ENROLL_MF");
}

TEST(SimEnroll, BiometricGoesUpAsBiodata) {
  TerminalDb db;
  db.users["5"] = make_user("5", "Li");
  CommandOutcome o = run(db, "ENROLL_BIO TYPE=9\tPIN=5\tCardNo=\tRETRY=3\tOVERWRITE=0");
  EXPECT_EQ(o.reply, "ID=7&Return=0&CMD=ENROLL_BIO");
  ASSERT_EQ(db.templates.size(), 1u);
  EXPECT_EQ(db.templates[0].kind, TemplateKind::kBiodata);
  EXPECT_EQ(db.templates[0].bio_type, 9);
  EXPECT_EQ(db.templates[0].tmp.size(), 2200u);
  ASSERT_EQ(o.uploads.size(), 1u);
  EXPECT_EQ(o.uploads[0].query, (Query{{"table", "BIODATA"}}));
  protocol::ParsedUpload parsed;
  protocol::parse_table("BIODATA", o.uploads[0].body, parsed);
  ASSERT_EQ(parsed.templates.size(), 1u);
  EXPECT_EQ(parsed.templates[0].bio_type, 9);
  EXPECT_EQ(parsed.templates[0].tmp, db.templates[0].tmp);

  EXPECT_EQ(run(db, "ENROLL_BIO TYPE=9\tPIN=5\tRETRY=3\tOVERWRITE=0").reply, "ID=7&Return=2&CMD=ENROLL_BIO");
  EXPECT_EQ(run(db, "ENROLL_BIO PIN=5").reply, "ID=7&Return=-1&CMD=ENROLL_BIO");
  EXPECT_EQ(run(db, "ENROLL_BIO TYPE=2").reply, "ID=7&Return=-1&CMD=ENROLL_BIO");
}

TEST(SimEnroll, BiometricWithCardNoSetsTheCard) {
  TerminalDb db;
  CommandOutcome o = run(db, "ENROLL_BIO TYPE=2\tPIN=6\tCardNo=123456789\tRETRY=3\tOVERWRITE=1");
  EXPECT_EQ(o.reply, "ID=7&Return=0&CMD=ENROLL_BIO");
  EXPECT_EQ(db.users.at("6").card, "123456789");
  ASSERT_EQ(o.uploads.size(), 2u);
  EXPECT_EQ(o.uploads[0].query, (Query{{"table", "OPERLOG"}}));
  EXPECT_EQ(o.uploads[0].body, user_line(db.users.at("6")) + "\n");
  EXPECT_EQ(o.uploads[1].query, (Query{{"table", "BIODATA"}}));
}

}  // namespace
}  // namespace zkpush::sim
