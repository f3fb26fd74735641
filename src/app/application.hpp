// The services of one running UrbanGrid over one database and the HTTP routes that expose them:
// built once here, so the server and the tests (OpenAPI coverage) see exactly the same route table.
#pragma once

#include "app/config.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "service/account_service.hpp"
#include "service/attachment_service.hpp"
#include "service/calendar_service.hpp"
#include "service/case_export.hpp"
#include "service/case_service.hpp"
#include "service/category_service.hpp"
#include "service/component_service.hpp"
#include "service/evaluation_service.hpp"
#include "service/gazetteer_service.hpp"
#include "service/grid_service.hpp"
#include "service/light_watch.hpp"
#include "service/routing_service.hpp"
#include "service/saved_view_service.hpp"
#include "service/supervision_service.hpp"
#include "service/system_service.hpp"
#include "service/webhook_service.hpp"
#include "storage/database.hpp"

namespace ug::app {

class Application {
 public:
  // `calendar`: calendar.* with the shipped holiday files already read (calendar_settings());
  // `evaluation`: the limits and weights file (evaluation_settings()).
  Application(storage::Database& db, const Config& config, service::CalendarSettings calendar,
              service::EvaluationSettings evaluation = {});
  Application(const Application&) = delete;
  Application& operator=(const Application&) = delete;

  service::SystemService& system() { return system_; }
  service::GridService& grids() { return grids_; }
  service::GazetteerService& gazetteer() { return gazetteer_; }
  service::CalendarService& calendar() { return calendar_; }
  service::AccountService& accounts() { return accounts_; }
  service::CaseService& cases() { return cases_; }
  service::SupervisionService& supervision() { return supervision_; }
  service::SavedViewService& saved_views() { return saved_views_; }
  service::EvaluationService& evaluations() { return evaluations_; }
  service::AttachmentService& attachments() { return attachments_; }
  service::WebhookService& webhooks() { return webhooks_; }
  service::LightWatch& lights() { return lights_; }
  http::Metrics& metrics() { return metrics_; }
  const http::Router& router() const { return router_; }

 private:
  service::SystemService system_;
  service::GridService grids_;
  service::GazetteerService gazetteer_;
  service::CategoryService categories_;
  service::RoutingService routing_;
  service::ComponentService components_;
  service::CalendarService calendar_;
  service::AccountService accounts_;
  service::CaseService cases_;
  service::SupervisionService supervision_;
  service::CaseExport case_exports_;
  service::SavedViewService saved_views_;
  service::EvaluationService evaluations_;
  storage::BlobStore blobs_;
  service::AttachmentService attachments_;
  service::WebhookService webhooks_;
  service::LightWatch lights_;
  service::CaseFeed feed_;
  http::Metrics metrics_;
  http::Router router_;
};

}  // namespace ug::app
