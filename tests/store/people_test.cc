// Users and templates: upserts by natural key, paging, and the remote
// attendance lookup.

#include <gtest/gtest.h>

#include "store_test_util.h"

namespace zkpush::store::test {
namespace {

using PeopleTest = StoreTest;

protocol::UserRecord user(std::string pin) {
  protocol::UserRecord u;
  u.pin = std::move(pin);
  return u;
}

protocol::TemplateRecord tmpl(std::string pin, protocol::TemplateKind kind, int no, std::string tmp,
                              int bio_type = 1, int index = 0) {
  protocol::TemplateRecord t;
  t.pin = std::move(pin);
  t.kind = kind;
  t.no = no;
  t.tmp = std::move(tmp);
  t.bio_type = bio_type;
  t.index = index;
  return t;
}

TEST_P(PeopleTest, UserUpsertKeepsFieldsTheLineDidNotCarry) {
  DeviceId dev = create_device("U1");
  protocol::UserRecord first = user("1001");
  first.name = "Ann";
  first.privilege = "14";
  first.card = "12345678";
  first.password = "";
  first.extra = {{"Expires", "0"}, {"Phone", "111"}};
  ASSERT_TRUE(commit_op(*store_, UpsertUsers{dev, 100, {first}}).status.ok());

  protocol::UserRecord second = user("1001");  // no Card=, no Pri=
  second.name = "Ann B";
  second.group = "2";
  second.extra = {{"Phone", "222"}, {"Email", "a@b.c"}};
  ASSERT_TRUE(commit_op(*store_, UpsertUsers{dev, 200, {second}}).status.ok());

  Result<std::vector<UserRow>> rows = store_->users(dev, {});
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  ASSERT_EQ(rows->size(), 1u);
  const UserRow& row = (*rows)[0];
  EXPECT_EQ(row.sn, "U1");
  EXPECT_EQ(row.updated_at, 200);
  EXPECT_EQ(row.user.pin, "1001");
  EXPECT_EQ(row.user.name, "Ann B");
  EXPECT_EQ(row.user.privilege, "14");
  EXPECT_EQ(row.user.card, "12345678");
  EXPECT_EQ(row.user.password, "");  // sent empty: stays an empty value, not absent
  EXPECT_EQ(row.user.group, "2");
  EXPECT_EQ(row.user.tz, std::nullopt);
  EXPECT_EQ(row.user.verify, std::nullopt);
  EXPECT_EQ(row.user.vice_card, std::nullopt);
  EXPECT_EQ(row.user.start_datetime, std::nullopt);
  EXPECT_EQ(row.user.end_datetime, std::nullopt);
  EXPECT_EQ(row.user.extra,
            (protocol::Fields{{"Expires", "0"}, {"Phone", "222"}, {"Email", "a@b.c"}}));

  const int64_t first_id = row.id;
  protocol::UserRecord third = user("1001");  // Card= present but empty erases it
  third.card = "";
  ASSERT_TRUE(commit_op(*store_, UpsertUsers{dev, 300, {third}}).status.ok());
  rows = store_->users(dev, {});
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].user.card, "");
  EXPECT_EQ((*rows)[0].user.name, "Ann B");
  EXPECT_EQ((*rows)[0].user.extra.size(), 3u);
  EXPECT_EQ((*rows)[0].id, first_id);  // updated in place
}

TEST_P(PeopleTest, UsersAreKeptPerDeviceAndPaged) {
  DeviceId a = create_device("UA");
  DeviceId b = create_device("UB");
  std::vector<protocol::UserRecord> users;
  for (int i = 1; i <= 5; ++i) users.push_back(user(std::to_string(i)));
  ASSERT_TRUE(commit_op(*store_, UpsertUsers{a, 10, users}).status.ok());
  ASSERT_TRUE(commit_op(*store_, UpsertUsers{b, 10, {user("1")}}).status.ok());

  Result<std::vector<UserRow>> page1 = store_->users(a, PageQuery{0, 2});
  ASSERT_TRUE(page1.ok());
  ASSERT_EQ(page1->size(), 2u);
  EXPECT_EQ((*page1)[0].user.pin, "1");
  EXPECT_EQ((*page1)[1].user.pin, "2");
  Result<std::vector<UserRow>> page2 = store_->users(a, PageQuery{(*page1)[1].id, 10});
  ASSERT_TRUE(page2.ok());
  ASSERT_EQ(page2->size(), 3u);
  EXPECT_EQ((*page2)[0].user.pin, "3");
  EXPECT_EQ((*page2)[2].user.pin, "5");
  Result<std::vector<UserRow>> other = store_->users(b, {});
  ASSERT_TRUE(other.ok());
  ASSERT_EQ(other->size(), 1u);
  EXPECT_EQ((*other)[0].sn, "UB");
}

TEST_P(PeopleTest, TemplatesUpsertByNaturalKey) {
  using protocol::TemplateKind;
  DeviceId dev = create_device("T1");
  protocol::TemplateRecord fp0 = tmpl("7", TemplateKind::kFingerprint, 0, "AAAA");
  fp0.size = 4;
  fp0.valid = 1;
  protocol::TemplateRecord fp1 = tmpl("7", TemplateKind::kFingerprint, 1, "BBBB");
  protocol::TemplateRecord face0 = tmpl("7", TemplateKind::kFace, 0, "CCCC", 2);
  protocol::TemplateRecord bio0 = tmpl("7", TemplateKind::kBiodata, 0, "DDDD", 9, 0);
  bio0.major_ver = "5";
  bio0.minor_ver = "8";
  bio0.format = "0";
  bio0.duress = 1;
  protocol::TemplateRecord bio1 = tmpl("7", TemplateKind::kBiodata, 0, "EEEE", 9, 1);
  ASSERT_TRUE(
      commit_op(*store_, UpsertTemplates{dev, 100, {fp0, fp1, face0, bio0, bio1}}).status.ok());

  Result<std::vector<TemplateRow>> before = store_->templates(dev, {});
  ASSERT_TRUE(before.ok()) << before.error().message;
  ASSERT_EQ(before->size(), 5u);

  protocol::TemplateRecord fp0_again = tmpl("7", TemplateKind::kFingerprint, 0, "ZZZZZZ");
  fp0_again.valid = 0;  // size absent this time
  ASSERT_TRUE(commit_op(*store_, UpsertTemplates{dev, 200, {fp0_again}}).status.ok());

  Result<std::vector<TemplateRow>> after = store_->templates(dev, {});
  ASSERT_TRUE(after.ok());
  ASSERT_EQ(after->size(), 5u);
  const TemplateRow& replaced = (*after)[0];
  EXPECT_EQ(replaced.id, (*before)[0].id);
  EXPECT_EQ(replaced.sn, "T1");
  EXPECT_EQ(replaced.updated_at, 200);
  EXPECT_EQ(replaced.tmpl.kind, TemplateKind::kFingerprint);
  EXPECT_EQ(replaced.tmpl.tmp, "ZZZZZZ");
  EXPECT_EQ(replaced.tmpl.valid, 0);
  EXPECT_EQ(replaced.tmpl.size, std::nullopt);
  EXPECT_EQ((*before)[0].tmpl.size, 4);

  const TemplateRow& bio = (*after)[3];
  EXPECT_EQ(bio.updated_at, 100);
  EXPECT_EQ(bio.tmpl.kind, TemplateKind::kBiodata);
  EXPECT_EQ(bio.tmpl.bio_type, 9);
  EXPECT_EQ(bio.tmpl.index, 0);
  EXPECT_EQ(bio.tmpl.major_ver, "5");
  EXPECT_EQ(bio.tmpl.minor_ver, "8");
  EXPECT_EQ(bio.tmpl.format, "0");
  EXPECT_EQ(bio.tmpl.duress, 1);
  EXPECT_EQ(bio.tmpl.tmp, "DDDD");
  EXPECT_EQ((*after)[4].tmpl.index, 1);
  EXPECT_EQ((*after)[2].tmpl.kind, TemplateKind::kFace);

  Result<std::vector<TemplateRow>> paged = store_->templates(dev, PageQuery{(*after)[1].id, 2});
  ASSERT_TRUE(paged.ok());
  ASSERT_EQ(paged->size(), 2u);
  EXPECT_EQ((*paged)[0].id, (*after)[2].id);
  EXPECT_EQ((*paged)[1].id, (*after)[3].id);
}

TEST_P(PeopleTest, SamePinOnTwoDevicesKeepsEachDevicesUserAndTemplates) {
  using protocol::TemplateKind;
  DeviceId a = create_device("FA");
  DeviceId b = create_device("FB");
  protocol::UserRecord on_a = user("55");
  on_a.name = "Old Name";
  protocol::UserRecord on_b = user("55");
  on_b.name = "New Name";
  on_b.card = "999";
  ASSERT_TRUE(commit_op(*store_, UpsertUsers{a, 100, {on_a}}).status.ok());
  ASSERT_TRUE(commit_op(*store_, UpsertUsers{b, 200, {on_b, user("56")}}).status.ok());
  ASSERT_TRUE(commit_op(*store_, UpsertTemplates{a, 100, {tmpl("55", TemplateKind::kFingerprint, 0, "ON-A")}})
                  .status.ok());
  ASSERT_TRUE(commit_op(*store_, UpsertTemplates{b, 200,
                                                 {tmpl("55", TemplateKind::kFingerprint, 3, "B3"),
                                                  tmpl("55", TemplateKind::kFace, 0, "BF", 2)}})
                  .status.ok());

  Result<std::vector<UserRow>> users_a = store_->users(a, {});
  Result<std::vector<UserRow>> users_b = store_->users(b, {});
  ASSERT_TRUE(users_a.ok() && users_b.ok());
  ASSERT_EQ(users_a->size(), 1u);
  EXPECT_EQ((*users_a)[0].user.name, "Old Name");
  ASSERT_EQ(users_b->size(), 2u);
  EXPECT_EQ((*users_b)[0].user.name, "New Name");
  EXPECT_EQ((*users_b)[0].user.card, "999");

  Result<std::vector<TemplateRow>> templates_a = store_->templates(a, {});
  Result<std::vector<TemplateRow>> templates_b = store_->templates(b, {});
  ASSERT_TRUE(templates_a.ok() && templates_b.ok());
  ASSERT_EQ(templates_a->size(), 1u);
  EXPECT_EQ((*templates_a)[0].tmpl.tmp, "ON-A");
  ASSERT_EQ(templates_b->size(), 2u);
}

ZKPUSH_ON_EVERY_DATABASE(PeopleTest);

}  // namespace
}  // namespace zkpush::store::test
