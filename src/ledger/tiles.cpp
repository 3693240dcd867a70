#include "ledger/tiles.hpp"

#include <charconv>
#include <cstdio>

namespace wcp::ledger {
namespace {

bool ParseU64(std::string_view s, uint64_t* out) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

// Parses "x001/x234/067" (the whole string) into 1234067.
bool ParseIndexPath(std::string_view s, uint64_t* out) {
  uint64_t n = 0;
  while (true) {
    const size_t slash = s.find('/');
    std::string_view group = s.substr(0, slash);
    const bool last = slash == std::string_view::npos;
    if (!last) {
      if (group.size() != 4 || group[0] != 'x') return false;
      group.remove_prefix(1);
    }
    uint64_t g;
    if (group.size() != 3 || !ParseU64(group, &g)) return false;
    n = n * 1000 + g;
    if (last) break;
    s.remove_prefix(slash + 1);
  }
  *out = n;
  return true;
}

}  // namespace

std::string TileIndexPath(uint64_t n) {
  std::vector<int> groups;
  do {
    groups.push_back(static_cast<int>(n % 1000));
    n /= 1000;
  } while (n > 0);
  std::string out;
  for (size_t i = groups.size(); i-- > 0;) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%s%03d", i > 0 ? "x" : "", groups[i]);
    out += buf;
    if (i > 0) out += '/';
  }
  return out;
}

std::string TilePath(const TileId& t) {
  std::string out = "tile/" + (t.level < 0 ? std::string("entries") : std::to_string(t.level)) + "/" +
                    TileIndexPath(t.index);
  if (t.width < kTileWidth) out += ".p/" + std::to_string(t.width);
  return out;
}

Result<TileId> ParseTilePath(std::string_view path) {
  const auto bad = [&] { return Status::Invalid("'" + std::string(path) + "' is not a tile path", "path"); };
  TileId t;
  const size_t slash = path.find('/');
  if (slash == std::string_view::npos) return bad();
  const std::string_view level = path.substr(0, slash);
  std::string_view rest = path.substr(slash + 1);
  if (level == "entries") {
    t.level = -1;
  } else {
    uint64_t l;
    if (!ParseU64(level, &l) || l > 63 || (level.size() > 1 && level[0] == '0')) return bad();
    t.level = static_cast<int>(l);
  }
  if (const size_t p = rest.find(".p/"); p != std::string_view::npos) {
    uint64_t w;
    const std::string_view ws = rest.substr(p + 3);
    if (!ParseU64(ws, &w) || w < 1 || w > 255 || ws[0] == '0') return bad();
    t.width = static_cast<int>(w);
    rest = rest.substr(0, p);
  }
  if (!ParseIndexPath(rest, &t.index)) return bad();
  return t;
}

std::vector<TileId> TilesForSize(uint64_t size) {
  std::vector<TileId> out;
  uint64_t level_size = size;  // nodes at tree level 8·L
  for (int L = 0; level_size > 0; ++L) {
    const uint64_t full = level_size / kTileWidth;
    for (uint64_t n = 0; n < full; ++n) out.push_back({L, n, kTileWidth});
    if (const int partial = static_cast<int>(level_size % kTileWidth); partial > 0) {
      out.push_back({L, full, partial});
    }
    level_size /= kTileWidth;
  }
  return out;
}

Result<Hash> NodeFromTiles(int level, uint64_t index,
                           const std::function<Result<std::string>(int, uint64_t)>& tile) {
  const int tile_level = level / kTileHeight;
  const int sub = level % kTileHeight;
  const uint64_t first = index << sub;  // first stored node at level 8·L covered
  const uint64_t count = uint64_t{1} << sub;
  WCP_ASSIGN_OR_RETURN(std::string bytes, tile(tile_level, first / kTileWidth));
  const uint64_t offset = first % kTileWidth;
  if ((offset + count) * 32 > bytes.size()) {
    return Status::NotFound("node (" + std::to_string(level) + ", " + std::to_string(index) +
                            ") is not in the stored tree");
  }
  std::vector<Hash> row(count);
  for (uint64_t i = 0; i < count; ++i) {
    row[i] = *HashFromBytes(std::string_view(bytes).substr((offset + i) * 32, 32), "tile hash");
  }
  while (row.size() > 1) {
    for (size_t i = 0; i < row.size() / 2; ++i) row[i] = NodeHash(row[2 * i], row[2 * i + 1]);
    row.resize(row.size() / 2);
  }
  return row[0];
}

}  // namespace wcp::ledger
