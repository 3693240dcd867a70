// ledger/tiles.hpp — the C2SP tlog-tiles layout (tile height 8: 256 hashes).
//
// Tile (L, N) holds the perfect nodes at tree level 8·L with indices
// N·256 … N·256+255 (level 0: leaf hashes). A tile is full at 256 hashes;
// for a tree of size s its width is floor(s / 256^L) − 256·N, capped at 256.
// Paths: "tile/<L>/<N>[.p/<W>]" and "tile/entries/<N>[.p/<W>]", with N in
// 3-digit groups, every group but the last prefixed with 'x'.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/status.hpp"
#include "ledger/merkle.hpp"

namespace wcp::ledger {

inline constexpr int kTileHeight = 8;
inline constexpr int kTileWidth = 256;

struct TileId {
  int level = 0;         // tile level L (tree level 8·L); -1 for an entry bundle
  uint64_t index = 0;    // N
  int width = kTileWidth;  // 1..256; 256 = full
  bool operator==(const TileId&) const = default;
};

std::string TileIndexPath(uint64_t n);  // 1234067 -> "x001/x234/067"
std::string TilePath(const TileId& t);  // "tile/0/x001/234.p/17", "tile/entries/000"
// Parses what follows "tile/"; kInvalid for anything that is not a tile path.
Result<TileId> ParseTilePath(std::string_view path);
// Every tile (full and partial, hash tiles only) a client needs for `size`.
std::vector<TileId> TilesForSize(uint64_t size);

// The perfect node (level, index) read out of hash tiles: levels between the
// stored ones (8·L) are computed from at most 128 stored hashes. `tile(L, N)`
// returns the tile's concatenated 32-byte hashes (full or partial).
Result<Hash> NodeFromTiles(int level, uint64_t index, const std::function<Result<std::string>(int, uint64_t)>& tile);

}  // namespace wcp::ledger
