// The console's accounts, sessions, failed sign-ins and setup codes
// (store/account_records.h), on every database.
#include <gtest/gtest.h>

#include "store/changes.h"
#include "store_test_util.h"

namespace zkpush::store::test {
namespace {

using AccountsTest = StoreTest;

CreateAccount account(const std::string& name, Role role = Role::kAdmin) {
  return CreateAccount{name, role, "$argon2id$hash-of-" + name, 1'000, std::nullopt, 0};
}

SessionRow session_of(int64_t account_id, const std::string& token_hash, TimeMs expires_at = 50'000) {
  SessionRow s;
  s.account.id = account_id;
  s.token_hash = token_hash;
  s.csrf_token = "csrf-" + token_hash;
  s.created_at = 2'000;
  s.expires_at = expires_at;
  s.address = "10.0.0.9";
  s.user_agent = "Chromium";
  return s;
}

TEST_P(AccountsTest, AccountsAreCreatedOncePerNameAndReadBack) {
  Committed ana = commit_op(*store_, account("ana"));
  ASSERT_TRUE(ana.status.ok()) << ana.status.error().message;
  EXPECT_GT(committed_op<CreateAccount>(ana).id, 0);
  Committed again = commit_op(*store_, account("ana", Role::kViewer));
  ASSERT_FALSE(again.status.ok());
  EXPECT_EQ(again.status.error().kind, Error::Kind::kConflict);
  ASSERT_TRUE(commit_op(*store_, account("bo", Role::kViewer)).status.ok());

  auto all = store_->accounts();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].name, "ana");
  EXPECT_EQ((*all)[0].role, Role::kAdmin);
  EXPECT_EQ((*all)[0].password_hash, "$argon2id$hash-of-ana");
  EXPECT_EQ((*all)[0].created_at, 1'000);
  EXPECT_FALSE((*all)[0].disabled_at);
  EXPECT_EQ((*all)[1].role, Role::kViewer);
  EXPECT_FALSE(store_->account("nobody")->has_value());
}

TEST_P(AccountsTest, SessionsAreFoundByTokenHashUntilRevokedOrTheAccountDisabled) {
  const int64_t ana = committed_op<CreateAccount>(commit_op(*store_, account("ana"))).id;
  ASSERT_TRUE(commit_op(*store_, CreateSession{session_of(ana, "h1"), 0, 0}).status.ok());
  ASSERT_TRUE(commit_op(*store_, CreateSession{session_of(ana, "h2"), 0, 0}).status.ok());
  auto found = store_->session("h1");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->account.name, "ana");
  EXPECT_EQ((*found)->account.role, Role::kAdmin);
  EXPECT_EQ((*found)->csrf_token, "csrf-h1");
  EXPECT_EQ((*found)->expires_at, 50'000);
  EXPECT_EQ((*found)->address, "10.0.0.9");

  ASSERT_TRUE(commit_op(*store_, ExtendSession{"h1", 90'000}).status.ok());
  ASSERT_TRUE(commit_op(*store_, ExtendSession{"h1", 60'000}).status.ok());  // never shortened
  EXPECT_EQ((*store_->session("h1"))->expires_at, 90'000);

  Committed one = commit_op(*store_, RevokeSessions{"h1", std::nullopt, 3'000, 0});
  EXPECT_EQ(committed_op<RevokeSessions>(one).revoked, 1);
  EXPECT_FALSE(store_->session("h1")->has_value());
  EXPECT_TRUE(store_->session("h2")->has_value());

  UpdateAccount disable;
  disable.name = "ana";
  disable.disabled = true;
  disable.now = 4'000;
  Committed disabled = commit_op(*store_, disable);
  EXPECT_TRUE(committed_op<UpdateAccount>(disabled).found);
  EXPECT_FALSE(store_->session("h2")->has_value());
  EXPECT_EQ((*store_->account("ana"))->disabled_at, 4'000);
}

TEST_P(AccountsTest, ANewPasswordEndsEverySessionButTheOneKept) {
  const int64_t ana = committed_op<CreateAccount>(commit_op(*store_, account("ana"))).id;
  for (const char* h : {"a", "b", "c"})
    ASSERT_TRUE(commit_op(*store_, CreateSession{session_of(ana, h), 0, 0}).status.ok());
  UpdateAccount change;
  change.name = "ana";
  change.password_hash = "$argon2id$new";
  change.role = Role::kOperator;
  change.now = 5'000;
  change.keep_session = "b";
  Committed changed = commit_op(*store_, change);
  ASSERT_TRUE(changed.status.ok()) << changed.status.error().message;
  EXPECT_FALSE(store_->session("a")->has_value());
  EXPECT_TRUE(store_->session("b")->has_value());
  EXPECT_FALSE(store_->session("c")->has_value());
  auto row = *store_->account("ana");
  EXPECT_EQ(row->password_hash, "$argon2id$new");
  EXPECT_EQ(row->password_changed_at, 5'000);
  EXPECT_EQ(row->role, Role::kOperator);

  UpdateAccount missing;
  missing.name = "nobody";
  missing.disabled = true;
  EXPECT_FALSE(committed_op<UpdateAccount>(commit_op(*store_, missing)).found);
}

TEST_P(AccountsTest, FailedSignInsAreCountedPerAccountAndPerAddressWithinTheWindow) {
  ASSERT_TRUE(commit_op(*store_, RecordSignInFailure{"ana", "10.0.0.1", 1'000, 0}).status.ok());
  ASSERT_TRUE(commit_op(*store_, RecordSignInFailure{"ana", "10.0.0.2", 2'000, 0}).status.ok());
  ASSERT_TRUE(commit_op(*store_, RecordSignInFailure{"bo", "10.0.0.1", 3'000, 0}).status.ok());
  auto counted = store_->sign_in_failures("ana", "10.0.0.1", 0);
  ASSERT_TRUE(counted.ok());
  EXPECT_EQ(counted->by_account, 2);
  EXPECT_EQ(counted->by_address, 2);
  EXPECT_EQ(store_->sign_in_failures("ana", "10.0.0.1", 1'500)->by_account, 1);
  // Old failures are deleted by the next one; a success forgets the account's.
  ASSERT_TRUE(commit_op(*store_, RecordSignInFailure{"cy", "10.0.0.3", 9'000, 2'500}).status.ok());
  EXPECT_EQ(store_->sign_in_failures("ana", "10.0.0.1", 0)->by_account, 0);
  ASSERT_TRUE(commit_op(*store_, ClearSignInFailures{"bo"}).status.ok());
  EXPECT_EQ(store_->sign_in_failures("bo", "10.0.0.1", 0)->by_account, 0);
  EXPECT_EQ(store_->sign_in_failures("cy", "10.0.0.3", 0)->by_address, 1);
}

TEST_P(AccountsTest, TheSetupCodeCreatesTheFirstAdministratorOnlyOnce) {
  ASSERT_TRUE(commit_op(*store_, AddSetupCode{"code-hash", 1'000, 0}).status.ok());
  CreateAccount wrong = account("eve");
  wrong.setup_code_hash = "not-the-code";
  Committed refused = commit_op(*store_, wrong);
  ASSERT_FALSE(refused.status.ok());
  EXPECT_EQ(refused.status.error().kind, Error::Kind::kNotFound);
  EXPECT_TRUE(store_->accounts()->empty());

  CreateAccount first = account("ana");
  first.setup_code_hash = "code-hash";
  ASSERT_TRUE(commit_op(*store_, first).status.ok());
  CreateAccount second = account("bo");
  second.setup_code_hash = "code-hash";
  Committed late = commit_op(*store_, second);
  ASSERT_FALSE(late.status.ok());
  EXPECT_EQ(late.status.error().kind, Error::Kind::kConflict);
  EXPECT_EQ(store_->accounts()->size(), 1u);
}

TEST_P(AccountsTest, AccountChangesAndRevocationsAreAnnouncedOnTheChangeFeed) {
  std::vector<Change> changes;
  add_changes(UpdateAccount{}, changes);
  add_changes(RevokeSessions{}, changes);
  add_changes(CreateSession{}, changes);
  EXPECT_EQ(changes, (std::vector<Change>{{Change::Kind::kAccounts, 0}}));
  EXPECT_EQ(decode_changes(encode_changes(changes)), changes);
}

ZKPUSH_ON_EVERY_DATABASE(AccountsTest);

}  // namespace
}  // namespace zkpush::store::test
