// ReserveStore over store::Tx: one class and one SQL text for both backends.
#include "modules/prices/reserves.hpp"

#include <chrono>

#include "core/date.hpp"
#include "core/encoding.hpp"

namespace wcp::prices {
namespace {

constexpr int64_t kMaxQuantityKg = 100'000'000;  // 100,000 tonnes in one order

Result<int64_t> InsertOrder(store::Tx& tx, const ReserveOrder& o) {
  WCP_ASSIGN_OR_RETURN(auto row, tx.QueryOne("INSERT INTO prices_reserve_orders (kind, commodity, warehouse, quantity_kg, "
                                             "alert_id, note, ordered_by, ordered_at) VALUES ($1, $2, $3, $4, $5, $6, "
                                             "$7, $8) RETURNING id",
                                             o.kind, o.commodity, o.warehouse, o.quantity_kg, o.alert_id, o.note,
                                             o.ordered_by, o.ordered_at));
  if (!row) return Status::Internal("the order was not stored");
  return row->Int(0);
}

class ReserveStoreImpl final : public ReserveStore {
 public:
  explicit ReserveStoreImpl(store::Database& db) : db_(db) {}

  Result<ReserveOrder> Purchase(ReserveOrder order, const std::string& stored_on, const std::string& rotate_by) override {
    order.kind = "purchase";
    order.ordered_at = NowUtcText();
    WCP_RETURN_IF_ERROR(db_.Write([&](store::Tx& tx) -> Status {
      WCP_ASSIGN_OR_RETURN(order.id, InsertOrder(tx, order));
      return tx.Execute("INSERT INTO prices_reserve_lots (commodity, warehouse, quantity_kg, stored_on, rotate_by, "
                        "order_id) VALUES ($1, $2, $3, $4, $5, $6)",
                        order.commodity, order.warehouse, order.quantity_kg, stored_on, rotate_by, order.id)
          .status();
    }));
    return order;
  }

  Result<ReserveOrder> Release(ReserveOrder order) override {
    order.kind = "release";
    order.ordered_at = NowUtcText();
    WCP_RETURN_IF_ERROR(db_.Write([&](store::Tx& tx) -> Status {
      // The lots locked (PostgreSQL; SQLite's single writer serialises anyway), then taken oldest first.
      WCP_ASSIGN_OR_RETURN(store::Rows lots,
                           tx.Query("SELECT id, quantity_kg FROM prices_reserve_lots WHERE commodity = $1 AND "
                                    "warehouse = $2 AND quantity_kg > 0 ORDER BY stored_on, id" +
                                        std::string(tx.ForUpdate()),
                                    order.commodity, order.warehouse));
      int64_t stock = 0;
      for (const auto& l : lots) stock += l.Int(1);
      if (stock < order.quantity_kg) {
        return Status::Conflict("the warehouse holds " + std::to_string(stock) + " kg of " + order.commodity +
                                    ", less than the " + std::to_string(order.quantity_kg) + " kg to release",
                                "quantity_kg")
            .WithCode("insufficient-stock", {{"stock", std::to_string(stock)}});
      }
      int64_t left = order.quantity_kg;
      for (const auto& l : lots) {
        if (left == 0) break;
        const int64_t take = std::min(left, l.Int(1));
        // The guard keeps the stock from going negative whatever else happened.
        WCP_ASSIGN_OR_RETURN(int64_t n, tx.Execute("UPDATE prices_reserve_lots SET quantity_kg = quantity_kg - $1 "
                                                   "WHERE id = $2 AND quantity_kg >= $1",
                                                   take, l.Int(0)));
        if (n != 1) return Status::Conflict("the stock changed during the release; try again").WithCode("insufficient-stock");
        left -= take;
      }
      WCP_ASSIGN_OR_RETURN(order.id, InsertOrder(tx, order));
      return Status::Ok();
    }));
    return order;
  }

  Result<std::vector<ReserveLot>> Lots() override {
    std::vector<ReserveLot> out;
    WCP_RETURN_IF_ERROR(db_.Read([&](store::Tx& tx) -> Status {
      WCP_ASSIGN_OR_RETURN(store::Rows rows, tx.Query("SELECT id, commodity, warehouse, quantity_kg, stored_on, rotate_by "
                                                      "FROM prices_reserve_lots WHERE quantity_kg > 0 ORDER BY "
                                                      "stored_on, id"));
      out.clear();
      for (const auto& r : rows) out.push_back({r.Int(0), r.Text(1), r.Text(2), r.Int(3), r.Text(4), r.Text(5)});
      return Status::Ok();
    }));
    return out;
  }

  Result<std::vector<ReserveOrder>> Orders() override {
    std::vector<ReserveOrder> out;
    WCP_RETURN_IF_ERROR(db_.Read([&](store::Tx& tx) -> Status {
      WCP_ASSIGN_OR_RETURN(store::Rows rows, tx.Query("SELECT id, kind, commodity, warehouse, quantity_kg, alert_id, note, "
                                                      "ordered_by, ordered_at FROM prices_reserve_orders ORDER BY id DESC "
                                                      "LIMIT 500"));
      out.clear();
      for (const auto& r : rows) {
        out.push_back({r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.Int(4), r.OptionalInt(5), r.Text(6), r.Text(7),
                       r.Text(8)});
      }
      return Status::Ok();
    }));
    return out;
  }

 private:
  store::Database& db_;
};

}  // namespace

Result<ReserveOrder> ParseReserveOrder(const Json& body, const std::string& kind) {
  if (!body.is_object()) return Status::Invalid("the order must be a JSON object", "body");
  if (kind == "purchase") {
    WCP_RETURN_IF_ERROR(RejectUnknownFields(body, {"commodity", "warehouse", "quantity_kg", "alert_id", "note",
                                                   "stored_on", "rotate_by"}));
  } else {
    WCP_RETURN_IF_ERROR(RejectUnknownFields(body, {"commodity", "warehouse", "quantity_kg", "alert_id", "note"}));
  }
  ReserveOrder o;
  o.kind = kind;
  WCP_ASSIGN_OR_RETURN(o.commodity, RequireString(body, "commodity"));
  WCP_ASSIGN_OR_RETURN(std::string warehouse, RequireString(body, "warehouse"));
  WCP_ASSIGN_OR_RETURN(o.warehouse, PlainText(warehouse, "warehouse", 200));
  if (o.warehouse.empty()) return Status::Invalid("'warehouse' is required", "warehouse").WithCode("required");
  if (!body.contains("quantity_kg") || !body["quantity_kg"].is_number_integer() ||
      body["quantity_kg"].get<int64_t>() <= 0 || body["quantity_kg"].get<int64_t>() > kMaxQuantityKg) {
    return Status::Invalid("'quantity_kg' must be a whole number of kilograms, 1–100,000,000", "quantity_kg");
  }
  o.quantity_kg = body["quantity_kg"].get<int64_t>();
  if (body.contains("alert_id") && !body["alert_id"].is_null()) {
    if (!body["alert_id"].is_number_integer()) return Status::Invalid("'alert_id' must be an alert's id", "alert_id");
    o.alert_id = body["alert_id"].get<int64_t>();
  }
  WCP_ASSIGN_OR_RETURN(std::string note, StringOr(body, "note", ""));
  WCP_ASSIGN_OR_RETURN(o.note, PlainText(note, "note", 1000));
  return o;
}

Json LotJson(const ReserveLot& l) {
  return {{"id", l.id},           {"commodity", l.commodity}, {"warehouse", l.warehouse},
          {"quantity_kg", l.quantity_kg}, {"stored_on", l.stored_on}, {"rotate_by", l.rotate_by}};
}

Json OrderJson(const ReserveOrder& o) {
  return {{"id", o.id},
          {"kind", o.kind},
          {"commodity", o.commodity},
          {"warehouse", o.warehouse},
          {"quantity_kg", o.quantity_kg},
          {"alert_id", o.alert_id ? Json(*o.alert_id) : Json(nullptr)},
          {"note", o.note},
          {"ordered_by", o.ordered_by},
          {"ordered_at", o.ordered_at}};
}

std::unique_ptr<ReserveStore> OpenReserveStore(store::Database& db) { return std::make_unique<ReserveStoreImpl>(db); }

store::Migration ReserveMigration(bool postgres) {
  const std::string key = postgres ? "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY" : "INTEGER PRIMARY KEY";
  return {"prices", 3, "the reserve: lots and purchase and release orders", R"SQL(
CREATE TABLE prices_reserve_orders (
  id )SQL" + key + R"SQL(,
  kind TEXT NOT NULL CHECK (kind IN ('purchase', 'release')),
  commodity TEXT NOT NULL REFERENCES prices_commodities(code),
  warehouse TEXT NOT NULL,
  quantity_kg BIGINT NOT NULL CHECK (quantity_kg > 0),
  alert_id BIGINT REFERENCES prices_alerts(id),
  note TEXT NOT NULL,
  ordered_by TEXT NOT NULL,
  ordered_at TEXT NOT NULL
);
CREATE TABLE prices_reserve_lots (
  id )SQL" + key + R"SQL(,
  commodity TEXT NOT NULL REFERENCES prices_commodities(code),
  warehouse TEXT NOT NULL,
  quantity_kg BIGINT NOT NULL CHECK (quantity_kg >= 0),
  stored_on TEXT NOT NULL,
  rotate_by TEXT NOT NULL,
  order_id BIGINT NOT NULL REFERENCES prices_reserve_orders(id)
);
CREATE INDEX prices_reserve_lots_stock ON prices_reserve_lots (commodity, warehouse);
)SQL"};
}

}  // namespace wcp::prices
