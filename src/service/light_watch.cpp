// One write transaction per crossing: the notice row, the webhook deliveries; then the listeners.
#include "service/light_watch.hpp"

#include "service/webhook_service.hpp"

namespace ug::service {

void LightWatch::on_crossing(Listener listener) {
  std::lock_guard lock(listeners_mutex_);
  listeners_.push_back(std::move(listener));
}

Result<int> LightWatch::scan() {
  constexpr int kBatch = 500;
  int recorded = 0;
  while (true) {
    const auto now = clock_();
    UG_TRY_ASSIGN(const auto crossings,
                  db_.read([&](storage::Transaction& tx) { return tx.cases().light_crossings(now, kBatch); }));
    int fresh = 0;
    for (const auto& crossing : crossings) {
      UG_TRY_ASSIGN(const auto noticed,
                    db_.write([&](storage::Transaction& tx) -> Result<std::optional<workflow::CaseProjection>> {
                      UG_TRY_ASSIGN(const bool inserted, tx.cases().record_light_notice(crossing));
                      if (!inserted) return std::nullopt;  // another scanner was first
                      UG_TRY_ASSIGN(const auto row, tx.cases().find(crossing.case_id));
                      if (!row) return std::nullopt;
                      UG_TRY(WebhookService::enqueue_light(tx, row->projection, crossing, utc_offset_minutes_));
                      return row->projection;
                    }));
      if (!noticed) continue;
      ++fresh;
      std::lock_guard lock(listeners_mutex_);
      for (const auto& listener : listeners_) listener(crossing, *noticed);
    }
    recorded += fresh;
    if (static_cast<int>(crossings.size()) < kBatch || fresh == 0) return recorded;
  }
}

}  // namespace ug::service
