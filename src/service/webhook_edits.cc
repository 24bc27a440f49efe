// WebhookDispatcher: webhooks created, reconfigured and deleted through the API
// (webhooks.h).

#include "service/webhooks.h"
#include "util/clock.h"

namespace zkpush::service {

void WebhookDispatcher::create(store::WebhookRow webhook, bool from_beginning,
                               std::function<void(Result<store::WebhookRow>)> done) {
  webhook.created_at = now_ms();
  if (!from_beginning) {
    auto end = store_.event_end();
    if (!end) return done(end.error());
    webhook.cursor = *end;
  }
  store::WriteBatch batch;
  batch.add(store::CreateWebhook{std::move(webhook), 0});
  store_.submit(std::move(batch), [done = std::move(done)](Status s, store::WriteBatch& b) {
    if (!s) return done(s.error());
    const auto& stored = std::get<store::CreateWebhook>(b.ops.front());
    store::WebhookRow created = stored.webhook;
    created.id = stored.id;
    done(std::move(created));
  });
}

void WebhookDispatcher::remove(int64_t webhook_id, RowWriteDone done) {
  store::WriteBatch batch;
  batch.add(store::DeleteWebhook{webhook_id, false});
  store_.submit(std::move(batch), [done = std::move(done)](Status s, store::WriteBatch& b) {
    done(s, s && std::get<store::DeleteWebhook>(b.ops.front()).deleted);
  });
}

void WebhookDispatcher::update_config(int64_t id, std::string config, RowWriteDone done) {
  store::WriteBatch batch;
  batch.add(store::UpdateWebhookConfig{id, std::move(config), false});
  store_.submit(std::move(batch), [done = std::move(done)](Status s, store::WriteBatch& b) {
    done(s, s && std::get<store::UpdateWebhookConfig>(b.ops.front()).updated);
  });
}

}  // namespace zkpush::service
