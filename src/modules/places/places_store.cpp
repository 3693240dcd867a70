// Both backends of PlacesStore. The SQL is the same text in both dialects
// ($n placeholders are accepted by SQLite as numbered parameters); each
// backend still owns its binding and its migration.
#include "modules/places/places_store.hpp"

#include "core/json.hpp"
#include "store/postgres/database.hpp"
#include "store/sqlite/database.hpp"

namespace wcp::places {
namespace {

constexpr const char* kUpsert =
    "INSERT INTO places (kind, code, name_zh, name_en, attributes) VALUES ($1, $2, $3, $4, $5) "
    "ON CONFLICT (kind, code) DO UPDATE SET name_zh = excluded.name_zh, "
    "name_en = excluded.name_en, attributes = excluded.attributes";
constexpr const char* kList =
    "SELECT code, name_zh, name_en, attributes FROM places WHERE kind = $1 ORDER BY code";

std::string AttributesJson(const Place& p) { return DumpJson(Json(p.attributes)); }

Place MakePlace(PlaceKind kind, std::string code, std::string zh, std::string en,
                const std::string& attrs) {
  Place p{kind, std::move(code), std::move(zh), std::move(en), {}};
  auto j = Json::parse(attrs, nullptr, false);
  if (j.is_object()) {
    for (auto& [k, v] : j.items()) p.attributes[k] = v.is_string() ? v.get<std::string>() : v.dump();
  }
  return p;
}

class SqlitePlacesStore final : public PlacesStore {
 public:
  explicit SqlitePlacesStore(store::sqlite::Database& db) : db_(db) {}
  Status Upsert(const std::vector<Place>& places) override {
    return db_.Write([&](store::sqlite::Connection& c) -> Status {
      for (const auto& p : places) {
        WCP_ASSIGN_OR_RETURN(auto st, c.Prepare(kUpsert));
        st.Bind(PlaceKindName(p.kind), p.code, p.name_zh, p.name_en, AttributesJson(p));
        WCP_RETURN_IF_ERROR(st.Run());
      }
      return Status::Ok();
    });
  }
  Result<std::vector<Place>> List(PlaceKind kind) override {
    std::vector<Place> out;
    Status s = db_.Read([&](store::sqlite::Connection& c) -> Status {
      WCP_ASSIGN_OR_RETURN(auto st, c.Prepare(kList));
      st.Bind(PlaceKindName(kind));
      while (true) {
        WCP_ASSIGN_OR_RETURN(bool row, st.Step());
        if (!row) return Status::Ok();
        out.push_back(MakePlace(kind, st.Text(0), st.Text(1), st.Text(2), st.Text(3)));
      }
    });
    if (!s.ok()) return s;
    return out;
  }

 private:
  store::sqlite::Database& db_;
};

class PgPlacesStore final : public PlacesStore {
 public:
  explicit PgPlacesStore(store::pg::Database& db) : db_(db) {}
  Status Upsert(const std::vector<Place>& places) override {
    return db_.Write([&](pqxx::work& w) -> Status {
      for (const auto& p : places) {
        w.exec_params0(kUpsert, std::string(PlaceKindName(p.kind)), p.code, p.name_zh, p.name_en,
                       AttributesJson(p));
      }
      return Status::Ok();
    });
  }
  Result<std::vector<Place>> List(PlaceKind kind) override {
    std::vector<Place> out;
    Status s = db_.Read([&](pqxx::read_transaction& r) -> Status {
      for (const auto& row : r.exec_params(kList, std::string(PlaceKindName(kind)))) {
        out.push_back(MakePlace(kind, row[0].c_str(), row[1].c_str(), row[2].c_str(), row[3].c_str()));
      }
      return Status::Ok();
    });
    if (!s.ok()) return s;
    return out;
  }

 private:
  store::pg::Database& db_;
};

}  // namespace

std::unique_ptr<PlacesStore> OpenPlacesStore(store::Database& db) {
  if (auto* s = db.AsSqlite()) return std::make_unique<SqlitePlacesStore>(*s);
  return std::make_unique<PgPlacesStore>(*db.AsPostgres());
}

void AddMigrations(store::MigrationSet& set) {
  set.Add({{"places", 1, "places", R"SQL(
CREATE TABLE places (
  kind TEXT NOT NULL CHECK (kind IN ('centres','streets','crossborder-nodes')),
  code TEXT NOT NULL,
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL,
  attributes TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY (kind, code)
) STRICT;
)SQL"}},
          {{"places", 1, "places", R"SQL(
CREATE TABLE places (
  kind TEXT NOT NULL CHECK (kind IN ('centres','streets','crossborder-nodes')),
  code TEXT NOT NULL,
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL,
  attributes JSONB NOT NULL DEFAULT '{}',
  PRIMARY KEY (kind, code)
);
)SQL"}});
}

}  // namespace wcp::places
