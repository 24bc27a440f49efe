// What the API's route handlers work with. The event hub and the webhook
// dispatcher are only declared here (their headers bring in Asio); the route
// files that use them include them.
#pragma once

#include "service/access.h"
#include "service/access/access_service.h"
#include "service/accounts.h"
#include "service/canteen/canteen_service.h"
#include "service/device_service.h"
#include "store/store.h"
#include "util/metrics.h"

namespace zkpush::service {
class EventHub;
class WebhookDispatcher;
}  // namespace zkpush::service

namespace zkpush::api {

struct ApiContext {
  store::Store& store;
  service::DeviceService& devices;
  service::TokenRegistry& tokens;
  service::EventHub& hub;
  service::WebhookDispatcher& webhooks;
  Metrics& metrics;
  service::canteen::CanteenService& canteen;
  service::AccountService& accounts;
  service::access::AccessService& access;  // access panels (Security PUSH)
  bool secure_cookies = false;  // the API listener has TLS
};

}  // namespace zkpush::api
