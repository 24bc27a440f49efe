// What the API's route handlers work with.
#pragma once

#include "service/access.h"
#include "service/canteen/canteen_service.h"
#include "service/device_service.h"
#include "service/event_hub.h"
#include "service/webhooks.h"
#include "store/store.h"
#include "util/metrics.h"

namespace zkpush::api {

struct ApiContext {
  store::Store& store;
  service::DeviceService& devices;
  service::TokenRegistry& tokens;
  service::EventHub& hub;
  service::WebhookDispatcher& webhooks;
  Metrics& metrics;
  service::canteen::CanteenService& canteen;
};

}  // namespace zkpush::api
