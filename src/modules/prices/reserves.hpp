// modules/prices/reserves.hpp — the government reserve of 菜篮子 goods:
// lots by commodity and warehouse (quantity in kg, storage date, the date by
// which it must be rotated), purchase and release orders linked to the alert
// that triggered them. Stock never goes negative: a release beyond a
// warehouse's stock changes nothing (also when releases race). Thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/json.hpp"
#include "core/status.hpp"
#include "store/database.hpp"

namespace wcp::prices {

struct ReserveLot {
  int64_t id = 0;
  std::string commodity, warehouse;
  int64_t quantity_kg = 0;  // what is left
  std::string stored_on, rotate_by;  // YYYY-MM-DD
};

struct ReserveOrder {
  int64_t id = 0;
  std::string kind;  // purchase, release
  std::string commodity, warehouse;
  int64_t quantity_kg = 0;
  std::optional<int64_t> alert_id;
  std::string note, ordered_by, ordered_at;
};

class ReserveStore {
 public:
  virtual ~ReserveStore() = default;
  // A purchase stores a new lot and its order in one transaction.
  [[nodiscard]] virtual Result<ReserveOrder> Purchase(ReserveOrder order, const std::string& stored_on,
                                                      const std::string& rotate_by) = 0;
  // A release takes from the warehouse's lots of the commodity, the oldest
  // first; kConflict (code insufficient-stock) and nothing changed when the
  // stock is short.
  [[nodiscard]] virtual Result<ReserveOrder> Release(ReserveOrder order) = 0;
  // Lots with stock left, oldest first.
  [[nodiscard]] virtual Result<std::vector<ReserveLot>> Lots() = 0;
  // The latest orders first (at most 500).
  [[nodiscard]] virtual Result<std::vector<ReserveOrder>> Orders() = 0;
};

// The order as read from a request {commodity, warehouse, quantity_kg, alert_id?, note?}
// (purchases also stored_on and rotate_by); errors name the field.
Result<ReserveOrder> ParseReserveOrder(const Json& body, const std::string& kind);
Json LotJson(const ReserveLot& l);
Json OrderJson(const ReserveOrder& o);

std::unique_ptr<ReserveStore> OpenReserveStore(store::Database& db);
store::Migration ReserveMigration(bool postgres);

}  // namespace wcp::prices
