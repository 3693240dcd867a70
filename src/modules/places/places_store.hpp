// modules/places/places_store.hpp — storage of the plan's places.
// Thread-safety: safe from any thread.
#pragma once

#include <memory>
#include <vector>

#include "modules/places/model.hpp"
#include "store/database.hpp"
#include "store/migration.hpp"

namespace wcp::places {

class PlacesStore {
 public:
  virtual ~PlacesStore() = default;
  // Inserts or updates every place (keyed by kind and code) in one
  // transaction: all or nothing. Places not in the list are kept.
  virtual Status Upsert(const std::vector<Place>& places) = 0;
  // Places of `kind`, ordered by code.
  virtual Result<std::vector<Place>> List(PlaceKind kind) = 0;
};

std::unique_ptr<PlacesStore> OpenPlacesStore(store::Database& db);
void AddMigrations(store::MigrationSet& set);

}  // namespace wcp::places
