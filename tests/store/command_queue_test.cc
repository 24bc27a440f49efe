// The command lifecycle: queued -> sent -> done/failed, expiry, late and
// duplicate replies.

#include <gtest/gtest.h>

#include "store_test_util.h"

namespace zkpush::store::test {
namespace {

class CommandQueueTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    dev_ = create_device("CMD-1");
    other_ = create_device("CMD-2");
  }

  std::string enqueue(DeviceId device, std::string command, TimeMs now = 100) {
    Committed c = commit_op(*store_, EnqueueCommand{device, std::move(command), now, {}});
    EXPECT_TRUE(c.status.ok()) << c.status.error().message;
    return committed_op<EnqueueCommand>(c).id;
  }

  bool reply(DeviceId device, std::string id, std::optional<int> ret, std::string raw,
             std::optional<std::string> content = std::nullopt, TimeMs now = 500) {
    protocol::CommandReply r;
    r.id = std::move(id);
    r.return_code = ret;
    r.raw = std::move(raw);
    r.content = std::move(content);
    Committed c = commit_op(*store_, RecordCommandReply{device, r, now});
    EXPECT_TRUE(c.status.ok()) << c.status.error().message;
    return committed_op<RecordCommandReply>(c).applied;
  }

  // The ids the delivery claimed.
  std::vector<std::string> mark_sent(std::vector<std::string> ids, TimeMs now) {
    Committed c = commit_op(*store_, MarkCommandsSent{std::move(ids), now, {}});
    EXPECT_TRUE(c.status.ok()) << c.status.error().message;
    return committed_op<MarkCommandsSent>(c).claimed;
  }
  // Settles what was sent before `sent_before`: at most `max_deliveries`
  // deliveries go back to the queue, more expire.
  SettleOverdueCommands settle(TimeMs sent_before, int max_deliveries, TimeMs now) {
    Committed c = commit_op(*store_, SettleOverdueCommands{now, sent_before, max_deliveries, {}, 0});
    EXPECT_TRUE(c.status.ok()) << c.status.error().message;
    return committed_op<SettleOverdueCommands>(c);
  }

  CommandRow get(const std::string& id) {
    Result<std::optional<CommandRow>> c = store_->command(id);
    EXPECT_TRUE(c.ok()) << c.error().message;
    if (!c.ok() || !c->has_value()) {
      ADD_FAILURE() << "no command " << id;
      return {};
    }
    return **c;
  }

  std::vector<std::string> ids(const Result<std::vector<CommandRow>>& rows) {
    EXPECT_TRUE(rows.ok()) << rows.error().message;
    std::vector<std::string> out;
    if (rows.ok()) {
      for (const CommandRow& r : *rows) out.push_back(r.id);
    }
    return out;
  }

  DeviceId dev_ = 0, other_ = 0;
};

TEST_P(CommandQueueTest, FullLifecycle) {
  const std::string a = enqueue(dev_, "DATA UPDATE USERINFO PIN=1\tName=Ann", 100);
  const std::string b = enqueue(dev_, "INFO", 101);
  const std::string c = enqueue(other_, "CHECK", 102);
  EXPECT_EQ(a, "1");
  EXPECT_EQ(b, "2");
  EXPECT_EQ(c, "3");

  EXPECT_EQ(ids(store_->queued_commands(dev_, 10)), (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(ids(store_->queued_commands(dev_, 1)), (std::vector<std::string>{"1"}));
  EXPECT_EQ(ids(store_->load_open_commands()), (std::vector<std::string>{"1", "2", "3"}));

  CommandRow queued = get(a);
  EXPECT_EQ(queued.sn, "CMD-1");
  EXPECT_EQ(queued.device_id, dev_);
  EXPECT_EQ(queued.command, "DATA UPDATE USERINFO PIN=1\tName=Ann");
  EXPECT_EQ(queued.status, CommandStatus::kQueued);
  EXPECT_EQ(queued.created_at, 100);
  EXPECT_EQ(queued.sent_at, std::nullopt);
  EXPECT_EQ(queued.completed_at, std::nullopt);
  EXPECT_EQ(queued.return_code, std::nullopt);
  EXPECT_EQ(queued.reply, "");
  EXPECT_EQ(queued.content, std::nullopt);

  // A reply to a command never sent is not applied.
  EXPECT_FALSE(reply(dev_, a, 0, "ID=1&Return=0&CMD=DATA"));
  EXPECT_EQ(get(a).status, CommandStatus::kQueued);

  mark_sent({a}, 200);
  EXPECT_EQ(ids(store_->queued_commands(dev_, 10)), (std::vector<std::string>{"2"}));
  EXPECT_EQ(get(a).status, CommandStatus::kSent);
  EXPECT_EQ(get(a).sent_at, 200);
  mark_sent({a}, 250);  // already sent: unchanged
  EXPECT_EQ(get(a).sent_at, 200);

  EXPECT_TRUE(reply(dev_, a, 0, "ID=1&Return=0&CMD=DATA", std::nullopt, 300));
  CommandRow done = get(a);
  EXPECT_EQ(done.status, CommandStatus::kDone);
  EXPECT_EQ(done.return_code, 0);
  EXPECT_EQ(done.reply, "ID=1&Return=0&CMD=DATA");
  EXPECT_EQ(done.content, std::nullopt);
  EXPECT_EQ(done.completed_at, 300);

  // The same reply again (terminals resend) changes nothing.
  EXPECT_FALSE(reply(dev_, a, -1, "ID=1&Return=-1&CMD=DATA", std::nullopt, 400));
  EXPECT_EQ(get(a).status, CommandStatus::kDone);
  EXPECT_EQ(get(a).return_code, 0);
  EXPECT_EQ(get(a).completed_at, 300);

  EXPECT_EQ(ids(store_->load_open_commands()), (std::vector<std::string>{"2", "3"}));
}

TEST_P(CommandQueueTest, NegativeReturnFailsAndMissingReturnCountsAsDone) {
  const std::string a = enqueue(dev_, "DATA DELETE USERINFO PIN=9");
  const std::string b = enqueue(dev_, "Shell cat /proc/version");
  mark_sent({a, b}, 200);
  EXPECT_TRUE(reply(dev_, a, -1002, "ID=1&Return=-1002&CMD=DATA"));
  const std::string binary("Linux\0\x01\xff version", sizeof("Linux\0\x01\xff version") - 1);
  EXPECT_TRUE(reply(dev_, b, std::nullopt, "ID=2&CMD=Shell&Content=" + binary, binary));
  CommandRow failed = get(a);
  EXPECT_EQ(failed.status, CommandStatus::kFailed);
  EXPECT_EQ(failed.return_code, -1002);
  CommandRow shell = get(b);
  EXPECT_EQ(shell.status, CommandStatus::kDone);
  EXPECT_EQ(shell.return_code, std::nullopt);
  EXPECT_EQ(shell.content, binary);
  EXPECT_EQ(shell.reply, "ID=2&CMD=Shell&Content=" + binary);
}

TEST_P(CommandQueueTest, RepliesFromAnotherDeviceOrWithForeignIdsAreIgnored) {
  const std::string a = enqueue(dev_, "INFO");
  mark_sent({a}, 200);
  EXPECT_FALSE(reply(other_, a, 0, "ID=1&Return=0"));
  EXPECT_FALSE(reply(dev_, "01", 0, "ID=01&Return=0"));
  EXPECT_FALSE(reply(dev_, "abc", 0, "ID=abc&Return=0"));
  EXPECT_FALSE(reply(dev_, "", 0, "Return=0"));
  EXPECT_FALSE(reply(dev_, "12345678901234567", 0, "ID=12345678901234567"));
  EXPECT_FALSE(reply(dev_, "999", 0, "ID=999&Return=0"));
  EXPECT_EQ(get(a).status, CommandStatus::kSent);

  Result<std::optional<CommandRow>> none = store_->command("abc");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  none = store_->command("999");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
}

TEST_P(CommandQueueTest, ExpiryOnlyTouchesSentCommandsAndALateReplyStillLands) {
  const std::string a = enqueue(dev_, "INFO");
  const std::string b = enqueue(dev_, "CHECK");
  EXPECT_EQ(mark_sent({a, "junk"}, 200), (std::vector<std::string>{a}));
  EXPECT_EQ(settle(200, 1, 900).expired, 0);  // sent at 200, not before
  EXPECT_EQ(settle(201, 0, 900).expired, 1);
  EXPECT_EQ(get(a).status, CommandStatus::kExpired);
  EXPECT_EQ(get(a).completed_at, 900);
  EXPECT_EQ(get(b).status, CommandStatus::kQueued);  // never sent: not expired
  EXPECT_EQ(get(b).completed_at, std::nullopt);
  EXPECT_EQ(ids(store_->load_open_commands()), (std::vector<std::string>{"2"}));

  EXPECT_TRUE(reply(dev_, a, 0, "ID=1&Return=0&CMD=INFO", std::nullopt, 1000));
  EXPECT_EQ(get(a).status, CommandStatus::kDone);
  EXPECT_EQ(get(a).completed_at, 1000);
  EXPECT_FALSE(reply(dev_, a, 0, "ID=1&Return=0&CMD=INFO", std::nullopt, 1100));

  mark_sent({b}, 1200);
  EXPECT_EQ(settle(1300, 0, 1300).expired, 1);
  EXPECT_EQ(settle(1300, 0, 1300).expired, 0);  // settled once
  EXPECT_TRUE(reply(dev_, b, -1005, "ID=2&Return=-1005"));
  EXPECT_EQ(get(b).status, CommandStatus::kFailed);
}

TEST_P(CommandQueueTest, RequeuedCommandIsDeliveredAgainAndALateReplyCompletesIt) {
  const std::string a = enqueue(dev_, "INFO");
  const std::string never_sent = enqueue(dev_, "CHECK");
  EXPECT_EQ(get(a).deliveries, 0);
  mark_sent({a}, 100);
  EXPECT_EQ(get(a).deliveries, 1);
  // A second poll, on another node say, finds nothing left to claim.
  EXPECT_TRUE(mark_sent({a}, 101).empty());
  EXPECT_EQ(get(a).deliveries, 1);
  EXPECT_EQ(settle(500, 1, 500).requeued_for, (std::vector<DeviceId>{dev_}));
  EXPECT_EQ(get(a).status, CommandStatus::kQueued);
  EXPECT_EQ(ids(store_->queued_commands(dev_, 10)), (std::vector<std::string>{a, never_sent}));
  // A reply to the first delivery still completes it, and it is not sent again.
  EXPECT_TRUE(reply(dev_, a, 0, "ID=1&Return=0&CMD=INFO", std::nullopt, 150));
  EXPECT_EQ(get(a).status, CommandStatus::kDone);
  EXPECT_EQ(ids(store_->queued_commands(dev_, 10)), (std::vector<std::string>{never_sent}));
  // A command never delivered cannot be completed by a reply.
  EXPECT_FALSE(reply(dev_, never_sent, 0, "ID=2&Return=0"));
  mark_sent({never_sent}, 200);
  EXPECT_EQ(settle(250, 1, 250).requeued_for.size(), 1u);
  mark_sent({never_sent}, 300);
  EXPECT_EQ(get(never_sent).deliveries, 2);
  EXPECT_EQ(get(never_sent).sent_at, 300);
}

TEST_P(CommandQueueTest, DeviceCommandsPageInIdOrder) {
  for (int i = 0; i < 5; ++i) enqueue(dev_, std::string("C").append(std::to_string(i)));
  enqueue(other_, "X");
  EXPECT_EQ(ids(store_->device_commands(dev_, PageQuery{0, 3})),
            (std::vector<std::string>{"1", "2", "3"}));
  EXPECT_EQ(ids(store_->device_commands(dev_, PageQuery{3, 3})), (std::vector<std::string>{"4", "5"}));
  EXPECT_EQ(ids(store_->device_commands(other_, PageQuery{0, 10})), (std::vector<std::string>{"6"}));
  EXPECT_TRUE(ids(store_->device_commands(dev_, PageQuery{0, 0})).empty());
  EXPECT_TRUE(ids(store_->queued_commands(dev_, 0)).empty());
}

TEST_P(CommandQueueTest, CommandCountsByStatusOverEveryDevice) {
  auto counts = [&] {
    Result<CommandCounts> c = store_->command_counts();
    EXPECT_TRUE(c.ok()) << c.error().message;
    return c.ok() ? *c : CommandCounts{};
  };
  CommandCounts empty = counts();
  EXPECT_EQ(empty.queued + empty.sent + empty.done + empty.failed + empty.expired, 0);

  const std::string done = enqueue(dev_, "INFO");
  const std::string failed = enqueue(dev_, "DATA DELETE USERINFO PIN=1");
  const std::string expired = enqueue(other_, "CHECK");
  const std::string sent = enqueue(other_, "INFO");
  enqueue(dev_, "REBOOT");
  enqueue(other_, "REBOOT");
  mark_sent({done, failed, expired}, 200);
  mark_sent({sent}, 400);
  EXPECT_TRUE(reply(dev_, done, 0, "ID=1&Return=0&CMD=INFO"));
  EXPECT_TRUE(reply(dev_, failed, -1002, "ID=2&Return=-1002&CMD=DATA"));
  EXPECT_EQ(settle(300, 0, 300).expired, 1);

  CommandCounts c = counts();
  EXPECT_EQ(c.queued, 2);
  EXPECT_EQ(c.sent, 1);
  EXPECT_EQ(c.done, 1);
  EXPECT_EQ(c.failed, 1);
  EXPECT_EQ(c.expired, 1);
}

TEST_P(CommandQueueTest, EnqueueForUnknownDeviceFails) {
  Committed c = commit_op(*store_, EnqueueCommand{12345, "INFO", 1, {}});
  EXPECT_FALSE(c.status.ok());
  EXPECT_TRUE(ids(store_->load_open_commands()).empty());
}

ZKPUSH_ON_EVERY_DATABASE(CommandQueueTest);

}  // namespace
}  // namespace zkpush::store::test
