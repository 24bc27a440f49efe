// The words of the canteen enums (canteen_records.h; the same words appear in
// the CHECK constraints of migration_003_canteen.cc) and changed_card.
#include <array>
#include <utility>

#include "store/canteen_records.h"

namespace zkpush::store {
namespace {

template <typename Enum, std::size_t N>
using Words = std::array<std::pair<Enum, std::string_view>, N>;

template <typename Enum, std::size_t N>
std::string_view word(const Words<Enum, N>& words, Enum value) {
  for (const auto& [e, w] : words)
    if (e == value) return w;
  return {};
}

template <typename Enum, std::size_t N>
std::optional<Enum> by_word(const Words<Enum, N>& words, std::string_view text) {
  for (const auto& [e, w] : words)
    if (w == text) return e;
  return std::nullopt;
}

using protocol::canteen::FulllogOrder;

constexpr Words<Wallet, 2> kWallets{{{Wallet::kMain, "main"}, {Wallet::kSub, "sub"}}};
constexpr Words<LedgerKind, 6> kLedgerKinds{{{LedgerKind::kOpening, "opening"},
                                             {LedgerKind::kPurchase, "purchase"},
                                             {LedgerKind::kTopup, "topup"},
                                             {LedgerKind::kRefund, "refund"},
                                             {LedgerKind::kDiscount, "discount"},
                                             {LedgerKind::kSubsidy, "subsidy"}}};
constexpr Words<CardStatus, 3> kCardStatuses{
    {{CardStatus::kActive, "active"}, {CardStatus::kLost, "lost"}, {CardStatus::kBlacklisted, "blacklisted"}}};
constexpr Words<FulllogOrder, 3> kFulllogOrders{{{FulllogOrder::kUnknown, "unknown"},
                                                 {FulllogOrder::kRecNoThenOpid, "recno_opid"},
                                                 {FulllogOrder::kOpidThenRecNo, "opid_recno"}}};

}  // namespace

std::string_view name_of(Wallet wallet) { return word(kWallets, wallet); }
std::string_view name_of(LedgerKind kind) { return word(kLedgerKinds, kind); }
std::string_view name_of(CardStatus status) { return word(kCardStatuses, status); }
std::string_view name_of(FulllogOrder order) { return word(kFulllogOrders, order); }
std::optional<Wallet> wallet_by_name(std::string_view name) { return by_word(kWallets, name); }
std::optional<LedgerKind> ledger_kind_by_name(std::string_view name) { return by_word(kLedgerKinds, name); }
std::optional<CardStatus> card_status_by_name(std::string_view name) { return by_word(kCardStatuses, name); }
std::optional<FulllogOrder> fulllog_order_by_name(std::string_view name) { return by_word(kFulllogOrders, name); }

CanteenCard changed_card(const CanteenCard& card, const UpdateCanteenCard& change) {
  CanteenCard after = card;
  if (change.holder) after.holder = *change.holder;
  if (change.pin) after.pin = *change.pin;
  if (change.password) after.password = *change.password;
  if (change.card_type) after.card_type = *change.card_type;
  if (change.status) after.status = *change.status;
  return after;
}

}  // namespace zkpush::store
