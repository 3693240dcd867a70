// PricesStore over store::Tx: one class and one SQL text for both backends;
// the migrations differ only in the types SQLite and PostgreSQL spell differently.
#include "modules/prices/prices_store.hpp"
#include "core/date.hpp"

#include "modules/prices/alerts.hpp"
#include "modules/prices/reserves.hpp"

#include <chrono>
#include <set>

namespace wcp::prices {
namespace {

std::string JoinCodes(const std::vector<std::string>& codes) {
  std::string out;
  for (const auto& c : codes) out += (out.empty() ? "" : ";") + c;
  return out;
}

std::vector<std::string> SplitCodes(const std::string& text) {
  std::vector<std::string> out;
  for (size_t start = 0; start < text.size();) {
    const size_t end = std::min(text.find(';', start), text.size());
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

constexpr const char* kReportColumns =
    "r.id, r.point, r.commodity, r.date, r.price_fen, r.unit, r.flag, r.submitted_by, r.submitted_at";

// Recomputes the district prices of the reports that `filter` selects (a
// condition on prices_reports' date and commodity): the latest report of
// each point, commodity and day; screened — a value confirmed although
// implausible (flagged) is left out while at least three unflagged values
// make the day's price without it (a whole market's jump flags every point
// and stays in; one point's odd value among sound ones does not move the
// median); then per commodity and day the median as the sum of the middle
// value(s) — twice the one middle value of an odd count, the two middle
// values of an even one — with count, lowest, highest. One SQL text for both
// backends (window functions: SQLite ≥ 3.25).
std::string DailyAggregateSql(const std::string& filter) {
  return "INSERT INTO prices_daily (commodity, date, points, median_x2_fen, low_fen, high_fen) "
         "SELECT commodity, date, MAX(n), "
         "SUM(CASE WHEN rn = (n + 1) / 2 THEN price_fen ELSE 0 END) + SUM(CASE WHEN rn = (n + 2) / 2 THEN price_fen "
         "ELSE 0 END), MIN(price_fen), MAX(price_fen) FROM ("
         "SELECT commodity, date, price_fen, ROW_NUMBER() OVER (PARTITION BY commodity, date ORDER BY price_fen) AS rn, "
         "COUNT(*) OVER (PARTITION BY commodity, date) AS n FROM ("
         "SELECT r.commodity, r.date, r.price_fen, r.flag, SUM(CASE WHEN r.flag = '' THEN 1 ELSE 0 END) OVER "
         "(PARTITION BY r.commodity, r.date) AS sound FROM prices_reports r JOIN "
         "(SELECT MAX(id) AS id FROM prices_reports WHERE " + filter + " GROUP BY date, commodity, point) l "
         "ON r.id = l.id) latest WHERE flag = '' OR sound < 3) ranked GROUP BY commodity, date";
}

class PricesStoreImpl final : public PricesStore {
 public:
  explicit PricesStoreImpl(store::Database& db) : db_(db) {}

  Status UpsertCommodities(const std::vector<Commodity>& list) override {
    return db_.Write([&](store::Tx& tx) -> Status {
      for (const auto& c : list) {
        WCP_RETURN_IF_ERROR(tx.Execute("INSERT INTO prices_commodities (code, name_zh, name_en, category, unit_zh, "
                                       "unit_en, essential) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (code) DO "
                                       "UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en, category = "
                                       "excluded.category, unit_zh = excluded.unit_zh, unit_en = excluded.unit_en, "
                                       "essential = excluded.essential",
                                       c.code, c.name_zh, c.name_en, c.category, c.unit_zh, c.unit_en, c.essential)
                                .status());
      }
      return Status::Ok();
    });
  }

  Result<std::vector<Commodity>> Commodities() override {
    std::vector<Commodity> out;
    WCP_RETURN_IF_ERROR(db_.Read([&](store::Tx& tx) -> Status {
      WCP_ASSIGN_OR_RETURN(store::Rows rows, tx.Query("SELECT code, name_zh, name_en, category, unit_zh, unit_en, "
                                                      "essential FROM prices_commodities ORDER BY seq"));
      out.clear();
      for (const auto& r : rows) {
        out.push_back({r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5), r.Text(6)});
      }
      return Status::Ok();
    }));
    return out;
  }

  Status UpsertPoints(const std::vector<Point>& list) override {
    return db_.Write([&](store::Tx& tx) -> Status {
      for (const auto& p : list) {
        WCP_RETURN_IF_ERROR(tx.Execute("INSERT INTO prices_points (code, name, kind, street, lon, lat, enterprise_id, "
                                       "commodities, is_demo) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT "
                                       "(code) DO UPDATE SET name = excluded.name, kind = excluded.kind, street = "
                                       "excluded.street, lon = excluded.lon, lat = excluded.lat, enterprise_id = "
                                       "excluded.enterprise_id, commodities = excluded.commodities, is_demo = "
                                       "excluded.is_demo",
                                       p.code, p.name, p.kind, p.street, p.lon, p.lat, p.enterprise_id,
                                       JoinCodes(p.commodities), p.is_demo)
                                .status());
      }
      return Status::Ok();
    });
  }

  Result<std::vector<Point>> Points(const std::optional<std::string>& enterprise_id) override {
    std::vector<Point> out;
    WCP_RETURN_IF_ERROR(db_.Read([&](store::Tx& tx) -> Status {
      WCP_ASSIGN_OR_RETURN(store::Rows rows, tx.Query("SELECT code, name, kind, street, lon, lat, enterprise_id, "
                                                      "commodities, is_demo FROM prices_points WHERE ($1 = '' OR "
                                                      "enterprise_id = $1) ORDER BY code",
                                                      enterprise_id.value_or("")));
      out.clear();
      for (const auto& r : rows) {
        Point p;
        p.code = r.Text(0);
        p.name = r.Text(1);
        p.kind = r.Text(2);
        p.street = r.Text(3);
        p.lon = r.Real(4);
        p.lat = r.Real(5);
        p.enterprise_id = r.OptionalText(6);
        p.commodities = SplitCodes(r.Text(7));
        p.is_demo = r.Int(8) != 0;
        out.push_back(std::move(p));
      }
      return Status::Ok();
    }));
    return out;
  }

  Status AddReports(std::vector<PriceReport>& reports) override {
    const std::string now = NowUtcText();
    return db_.Write([&](store::Tx& tx) -> Status {
      for (auto& r : reports) {
        r.submitted_at = now;
        WCP_ASSIGN_OR_RETURN(auto row, tx.QueryOne("INSERT INTO prices_reports (point, commodity, date, price_fen, unit, "
                                                   "flag, submitted_by, submitted_at) VALUES ($1, $2, $3, $4, $5, $6, "
                                                   "$7, $8) RETURNING id",
                                                   r.point, r.commodity, r.date, r.price_fen, r.unit, r.flag,
                                                   r.submitted_by, r.submitted_at));
        if (!row) return Status::Internal("the report was not stored");
        r.id = row->Int(0);
      }
      // The district prices of the days the batch touched, in its transaction.
      std::set<std::pair<std::string, std::string>> days;
      for (const auto& r : reports) days.emplace(r.commodity, r.date);
      static const std::string refresh = DailyAggregateSql("commodity = $1 AND date = $2");
      std::set<std::string> commodities;
      for (const auto& [commodity, date] : days) {
        // The kept forecasts of the commodity no longer follow its series (Refresh makes new ones).
        if (commodities.insert(commodity).second) {
          WCP_RETURN_IF_ERROR(tx.Execute("UPDATE prices_models SET as_of = '' WHERE commodity = $1", commodity).status());
        }
        WCP_RETURN_IF_ERROR(
            tx.Execute("DELETE FROM prices_daily WHERE commodity = $1 AND date = $2", commodity, date).status());
        WCP_RETURN_IF_ERROR(tx.Execute(refresh, commodity, date).status());
      }
      return Status::Ok();
    });
  }

  Result<std::vector<DayValue>> DayValues(const std::string& from, const std::string& to) override {
    std::vector<DayValue> out;
    WCP_RETURN_IF_ERROR(db_.Read([&](store::Tx& tx) -> Status {
      WCP_ASSIGN_OR_RETURN(store::Rows rows,
                           tx.Query("SELECT date, commodity, point, price_fen, id FROM prices_reports WHERE date >= $1 "
                                    "AND date <= $2 ORDER BY date, commodity, point",
                                    from, to));
      out.clear();
      out.reserve(rows.size());
      int64_t kept_id = 0;
      for (const auto& r : rows) {
        // A key's reports are adjacent: the one with the highest id is its value.
        DayValue v{r.Text(2), r.Text(1), r.Text(0), r.Int(3)};
        const int64_t id = r.Int(4);
        if (!out.empty() && out.back().date == v.date && out.back().commodity == v.commodity &&
            out.back().point == v.point) {
          if (id > kept_id) {
            out.back().price_fen = v.price_fen;
            kept_id = id;
          }
          continue;
        }
        out.push_back(std::move(v));
        kept_id = id;
      }
      return Status::Ok();
    }));
    return out;
  }

  Result<std::vector<DailyPrice>> Daily(const std::string& from, const std::string& to,
                                        const std::string& commodity) override {
    std::vector<DailyPrice> out;
    WCP_RETURN_IF_ERROR(db_.Read([&](store::Tx& tx) -> Status {
      WCP_ASSIGN_OR_RETURN(store::Rows rows,
                           tx.Query("SELECT commodity, date, points, median_x2_fen, low_fen, high_fen FROM prices_daily "
                                    "WHERE date >= $1 AND date <= $2 AND ($3 = '' OR commodity = $3) "
                                    "ORDER BY commodity, date",
                                    from, to, commodity));
      out.clear();
      out.reserve(rows.size());
      for (const auto& r : rows) out.push_back({r.Text(0), r.Text(1), r.Int(2), r.Int(3), r.Int(4), r.Int(5)});
      return Status::Ok();
    }));
    return out;
  }

  Status RebuildDaily() override {
    return db_.Write([&](store::Tx& tx) -> Status {
      WCP_RETURN_IF_ERROR(tx.Execute("DELETE FROM prices_daily").status());
      return tx.Execute(DailyAggregateSql("1 = 1")).status();
    });
  }

  Status PutModels(const std::vector<StoredModel>& models) override {
    if (models.empty()) return Status::Ok();
    return db_.Write([&](store::Tx& tx) -> Status {
      for (const auto& m : models) {
        WCP_RETURN_IF_ERROR(tx.Execute("INSERT INTO prices_models (commodity, frequency, fitted_through, model, as_of, forecast) "
                        "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (commodity, frequency) DO UPDATE SET "
                        "fitted_through = excluded.fitted_through, model = excluded.model, as_of = excluded.as_of, "
                        "forecast = excluded.forecast",
                        m.commodity, m.frequency, m.fitted_through, m.model_json, m.as_of, m.forecast_json)
                                .status());
      }
      return Status::Ok();
    });
  }

  Result<std::optional<StoredModel>> Model(const std::string& commodity, const std::string& frequency) override {
    std::optional<StoredModel> out;
    WCP_RETURN_IF_ERROR(db_.Read([&](store::Tx& tx) -> Status {
      WCP_ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT fitted_through, model, as_of, forecast FROM prices_models "
                                                 "WHERE commodity = $1 AND frequency = $2",
                                                 commodity, frequency));
      out.reset();
      if (row) out = StoredModel{commodity, frequency, row->Text(0), row->Text(1), row->Text(2), row->Text(3)};
      return Status::Ok();
    }));
    return out;
  }

  Result<std::vector<PriceReport>> Current(const std::string& from, const std::string& to,
                                           const std::string& commodity) override {
    std::vector<PriceReport> out;
    WCP_RETURN_IF_ERROR(db_.Read([&](store::Tx& tx) -> Status {
      WCP_ASSIGN_OR_RETURN(
          store::Rows rows,
          // The latest report of each key in one grouped pass (not a subquery per row).
          tx.Query(std::string("SELECT ") + kReportColumns +
                       " FROM prices_reports r JOIN (SELECT MAX(id) AS id FROM prices_reports WHERE date >= $1 AND "
                       "date <= $2 AND ($3 = '' OR commodity = $3) GROUP BY date, commodity, point) l ON r.id = l.id "
                       "ORDER BY r.date, r.commodity, r.point",
                   from, to, commodity));
      out.clear();
      for (const auto& r : rows) {
        out.push_back({r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.Int(4), r.Text(5), r.Text(6), r.Text(7), r.Text(8)});
      }
      return Status::Ok();
    }));
    return out;
  }

  Status PutRuleEditions(const std::string& kind,
                         const std::vector<std::pair<std::string, std::string>>& editions) override {
    return db_.Write([&](store::Tx& tx) -> Status {
      for (const auto& [effective_from, csv] : editions) {
        WCP_RETURN_IF_ERROR(tx.Execute("INSERT INTO prices_rule_editions (kind, effective_from, csv) VALUES ($1, $2, "
                                       "$3) ON CONFLICT (kind, effective_from) DO UPDATE SET csv = excluded.csv",
                                       kind, effective_from, csv)
                                .status());
      }
      return Status::Ok();
    });
  }

  Result<std::vector<std::string>> RuleEditions(const std::string& kind) override {
    std::vector<std::string> out;
    WCP_RETURN_IF_ERROR(db_.Read([&](store::Tx& tx) -> Status {
      WCP_ASSIGN_OR_RETURN(store::Rows rows, tx.Query("SELECT csv FROM prices_rule_editions WHERE kind = $1 ORDER BY "
                                                      "effective_from",
                                                      kind));
      out.clear();
      for (const auto& r : rows) out.push_back(r.Text(0));
      return Status::Ok();
    }));
    return out;
  }

 private:
  store::Database& db_;
};

// The schema, with the spellings that differ: an auto-numbered key and a
// floating-point column (coordinates only: prices are integer fen).
std::string Schema(const char* serial_key, const char* real) {
  return std::string(R"SQL(
CREATE TABLE prices_commodities (
  seq )SQL") + serial_key + R"SQL(,
  code TEXT NOT NULL UNIQUE,
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL,
  category TEXT NOT NULL,
  unit_zh TEXT NOT NULL,
  unit_en TEXT NOT NULL,
  essential TEXT NOT NULL DEFAULT '' CHECK (essential IN ('', 'A', 'B'))
);
CREATE TABLE prices_points (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('wholesale_market', 'farmers_market', 'supermarket')),
  street TEXT NOT NULL,
  lon )SQL" + real + R"SQL( NOT NULL,
  lat )SQL" + real + R"SQL( NOT NULL,
  enterprise_id TEXT,
  commodities TEXT NOT NULL,
  is_demo INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE prices_reports (
  id )SQL" + serial_key + R"SQL(,
  point TEXT NOT NULL REFERENCES prices_points(code),
  commodity TEXT NOT NULL REFERENCES prices_commodities(code),
  date TEXT NOT NULL,
  price_fen BIGINT NOT NULL CHECK (price_fen > 0),
  unit TEXT NOT NULL,
  flag TEXT NOT NULL DEFAULT '',
  submitted_by TEXT NOT NULL,
  submitted_at TEXT NOT NULL
);
CREATE INDEX prices_reports_key ON prices_reports (point, commodity, date);
CREATE INDEX prices_reports_day ON prices_reports (date, commodity);
CREATE TABLE prices_rule_editions (
  kind TEXT NOT NULL,
  effective_from TEXT NOT NULL,
  csv TEXT NOT NULL,
  PRIMARY KEY (kind, effective_from)
);
)SQL";
}

}  // namespace

std::unique_ptr<PricesStore> OpenPricesStore(store::Database& db) { return std::make_unique<PricesStoreImpl>(db); }

// The district prices kept per commodity and day (filled from the reports
// already stored) and the forecasting models. The same text on both backends.
static store::Migration DailyMigration() {
  return {"prices", 5, "district prices per commodity and day; forecasting models", R"SQL(
CREATE TABLE prices_daily (
  commodity TEXT NOT NULL REFERENCES prices_commodities(code),
  date TEXT NOT NULL,
  points BIGINT NOT NULL,
  median_x2_fen BIGINT NOT NULL,
  low_fen BIGINT NOT NULL,
  high_fen BIGINT NOT NULL,
  PRIMARY KEY (commodity, date)
);
CREATE INDEX prices_daily_date ON prices_daily (date);
-- One index, in the order reports arrive (a day's batch appends to its end
-- rather than touching a page per row) and covering the day values.
DROP INDEX prices_reports_day;
DROP INDEX prices_reports_key;
CREATE INDEX prices_reports_day ON prices_reports (date, commodity, point, price_fen, id);
CREATE TABLE prices_models (
  commodity TEXT NOT NULL REFERENCES prices_commodities(code),
  frequency TEXT NOT NULL CHECK (frequency IN ('daily', 'weekly')),
  fitted_through TEXT NOT NULL,
  model TEXT NOT NULL,
  as_of TEXT NOT NULL,
  forecast TEXT NOT NULL,
  PRIMARY KEY (commodity, frequency)
);
)SQL" + DailyAggregateSql("1 = 1") + ";\n"};
}

void AddMigrations(store::MigrationSet& set) {
  const char* kDescription = "commodities, monitoring points, price reports, warning rule editions";
  set.Add({{"prices", 1, kDescription, Schema("INTEGER PRIMARY KEY", "REAL")}, AlertMigration(false),
           ReserveMigration(false), WebhookMigration(false), DailyMigration()},
          {{"prices", 1, kDescription, Schema("BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY", "DOUBLE PRECISION")},
           AlertMigration(true), ReserveMigration(true), WebhookMigration(true), DailyMigration()});
}

}  // namespace wcp::prices
