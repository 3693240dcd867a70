#include "modules/places/module.hpp"

#include "core/files.hpp"
#include "http/schema.hpp"
#include "modules/places/model.hpp"
#include "modules/places/places_store.hpp"

namespace wcp::places {
namespace {

using http::Request;
using http::Response;

constexpr PlaceKind kKinds[] = {PlaceKind::kCommercialCentre, PlaceKind::kCommercialStreet,
                                PlaceKind::kCrossborderNode};

class PlacesModule final : public kit::Module {
 public:
  std::string_view name() const override { return "places"; }
  void AddMigrations(store::MigrationSet& set) const override { places::AddMigrations(set); }

  Status Open(const kit::ModuleContext& ctx) override {
    store_ = OpenPlacesStore(ctx.db);
    return Status::Ok();
  }

  void AddRoutes(http::Router& router) override {
    router.DeclarePermission("places:read", "read commercial centres, streets and network nodes");
    using namespace http::schema;
    router.DeclareSchema("Place", Object({{"code", String()},
                                          {"name", Object({{"zh", String()}, {"en", String()}})},
                                          {"attributes", AnyObject("the kind's own columns (province, level, …)")}}));
    router.Add({"GET", "/api/v1/places/{kind}", [this](const Request& req) { return List(req); },
                "Commercial centres, streets or cross-border network nodes (kind: centres, streets, "
                "crossborder-nodes).",
                0, http::Access::kAuthenticated, {}, "places:read"},
               {.response = Object({{"kind", String()}, {"places", ArrayOf(Ref("Place"))}})});
  }

  std::vector<std::string> CsvKinds() const override {
    std::vector<std::string> out;
    for (auto k : kKinds) out.emplace_back(PlaceKindName(k));
    return out;
  }

  Status ImportCsv(std::string_view kind, const CsvTable& table) override {
    WCP_ASSIGN_OR_RETURN(PlaceKind place_kind, ParsePlaceKind(kind));
    WCP_ASSIGN_OR_RETURN(auto list, ParsePlacesCsv(place_kind, table));
    return store_->Upsert(list);
  }

  Result<std::string> ExportCsv(std::string_view kind) override {
    WCP_ASSIGN_OR_RETURN(PlaceKind place_kind, ParsePlaceKind(kind));
    WCP_ASSIGN_OR_RETURN(auto list, store_->List(place_kind));
    return PlacesToCsv(place_kind, list);
  }

  Status LoadReferenceData(const std::filesystem::path& data_dir) override {
    for (auto kind : kKinds) {
      const auto file = data_dir / "plan" / PlanFileName(kind);
      WCP_ASSIGN_OR_RETURN(std::string text, ReadFile(file));
      WCP_ASSIGN_OR_RETURN(CsvTable table, CsvTable::Parse(text, file.string()));
      WCP_RETURN_IF_ERROR(ImportCsv(PlaceKindName(kind), table));
    }
    return Status::Ok();
  }

 private:
  Result<Response> List(const Request& req) {
    WCP_ASSIGN_OR_RETURN(auto kind, ParsePlaceKind(req.params.at("kind")));
    WCP_ASSIGN_OR_RETURN(auto list, store_->List(kind));
    Json out = Json::array();
    for (const auto& pl : list) {
      out.push_back({{"code", pl.code}, {"name", {{"zh", pl.name_zh}, {"en", pl.name_en}}}, {"attributes", pl.attributes}});
    }
    return Response::Json({{"kind", req.params.at("kind")}, {"places", out}});
  }

  std::unique_ptr<PlacesStore> store_;
};

}  // namespace

std::unique_ptr<kit::Module> MakeModule() { return std::make_unique<PlacesModule>(); }

}  // namespace wcp::places
