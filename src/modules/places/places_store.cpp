// PlacesStore over store::Tx: one class, the same SQL on both backends;
// only the migrations differ (STRICT/TEXT on SQLite, JSONB on PostgreSQL).
#include "modules/places/places_store.hpp"

#include "core/json.hpp"

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

// One class for both backends: the SQL is the same in both dialects.
class PlacesStoreImpl final : public PlacesStore {
 public:
  explicit PlacesStoreImpl(store::Database& db) : db_(db) {}

  Status Upsert(const std::vector<Place>& places) override {
    return db_.Write([&](store::Tx& tx) -> Status {
      for (const auto& p : places) {
        WCP_RETURN_IF_ERROR(
            tx.Execute(kUpsert, PlaceKindName(p.kind), p.code, p.name_zh, p.name_en, AttributesJson(p)).status());
      }
      return Status::Ok();
    });
  }

  Result<std::vector<Place>> List(PlaceKind kind) override {
    std::vector<Place> out;
    Status s = db_.Read([&](store::Tx& tx) -> Status {
      WCP_ASSIGN_OR_RETURN(store::Rows rows, tx.Query(kList, PlaceKindName(kind)));
      for (const auto& r : rows) out.push_back(MakePlace(kind, r.Text(0), r.Text(1), r.Text(2), r.Text(3)));
      return Status::Ok();
    });
    if (!s.ok()) return s;
    return out;
  }

 private:
  store::Database& db_;
};

}  // namespace

std::unique_ptr<PlacesStore> OpenPlacesStore(store::Database& db) { return std::make_unique<PlacesStoreImpl>(db); }

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
