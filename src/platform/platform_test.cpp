#include <gtest/gtest.h>

#include <set>

#include <algorithm>
#include <fstream>

#include "platform/platform.hpp"
#include "store/testing/test_database.hpp"

namespace wcp::platform {
namespace {

class PlatformTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  void SetUp() override {
    auto t = store::testing::TestDatabase::Create(GetParam());
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    test_ = std::move(t).value();
    Config c;
    ASSERT_TRUE(c.Set("db", test_->url()).ok());
    ASSERT_TRUE(c.Set("data_dir", std::string(WCP_SOURCE_DIR) + "/data").ok());
    auto p = Open(c);
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    platform_ = std::move(p).value();
  }
  int Lines(std::string_view kind) {
    auto csv = ExportCsv(*platform_, kind);
    EXPECT_TRUE(csv.ok()) << csv.status().ToString();
    return csv.ok() ? static_cast<int>(std::count(csv->begin(), csv->end(), '\n')) : -1;
  }
  std::unique_ptr<store::testing::TestDatabase> test_;
  std::unique_ptr<Platform> platform_;
};

TEST_P(PlatformTest, ReferenceDataLoadsIdempotently) {
  ASSERT_TRUE(LoadReferenceData(*platform_).ok());
  ASSERT_TRUE(LoadReferenceData(*platform_).ok());
  // Through the modules' exports: a header line plus one line per record.
  EXPECT_EQ(Lines("indicators"), 1 + 17);
  EXPECT_EQ(Lines("centres"), 1 + 12);
  EXPECT_EQ(Lines("streets"), 1 + 11);
  EXPECT_EQ(Lines("crossborder-nodes"), 1 + 29);
  EXPECT_EQ(ExportCsv(*platform_, "prices").status().field(), "kind");
}

TEST_P(PlatformTest, BadCsvImportStoresNothing) {
  const auto dir = store::testing::MakeTempDir();
  const auto bad = std::filesystem::path(dir) / "streets.csv";
  std::ofstream(bad) << "code,name_zh,name_en,location_zh,function_zh\n"
                        "a,甲,A,东,餐饮\n"
                        "b,乙,B,,餐饮\n";  // line 3: empty location
  Status s = ImportCsv(*platform_, "streets", bad);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.field(), "location_zh");
  EXPECT_NE(s.message().find("line 3"), std::string::npos);
  EXPECT_EQ(Lines("streets"), 1);  // the header only
}

// Collects every "$ref" in `j`.
void Refs(const Json& j, std::set<std::string>* out) {
  if (j.is_object()) {
    for (const auto& [k, v] : j.items()) {
      if (k == "$ref" && v.is_string()) out->insert(v.get<std::string>());
      Refs(v, out);
    }
  } else if (j.is_array()) {
    for (const auto& v : j) Refs(v, out);
  }
}

TEST_P(PlatformTest, OpenApiDocumentsEveryRoute) {
  http::Server server(http::ServerOptions{}, http::Router());
  AddRoutes(*platform_, server);
  const Json doc = OpenApiDocument(server.router());
  EXPECT_EQ(doc["openapi"], "3.1.0");
  ASSERT_GT(server.router().routes().size(), 15u);
  for (const auto& r : server.router().routes()) {
    std::string method = r.method;
    for (char& c : method) c = static_cast<char>(std::tolower(c));
    std::string path = r.pattern;
    if (const size_t star = path.find("*}"); star != std::string::npos) path.erase(star, 1);  // {path*} → {path}
    ASSERT_TRUE(doc["paths"].contains(path)) << path;
    const Json& op = doc["paths"][path][method];
    ASSERT_TRUE(op.is_object()) << r.method << " " << path;
    EXPECT_FALSE(r.summary.empty()) << path;
    const bool is_public = r.access == http::Access::kPublic;
    EXPECT_EQ(op.contains("security"), is_public) << path;
    // Every route declares its answer's schema; writes that read a body declare it too.
    const std::string status = std::to_string(r.doc.status);
    ASSERT_TRUE(op["responses"].contains(status)) << path;
    EXPECT_TRUE(op["responses"][status].contains("content")) << r.method << " " << path << ": no response schema";
    EXPECT_TRUE(op["responses"]["default"]["content"].contains("application/problem+json")) << path;
    if (r.max_body > 0) {
      EXPECT_TRUE(op.contains("requestBody")) << r.method << " " << path << ": no request schema";
    }
  }
  // Every reference resolves to a declared component.
  std::set<std::string> refs;
  Refs(doc, &refs);
  for (const auto& ref : refs) {
    const std::string prefix = "#/components/schemas/";
    ASSERT_EQ(ref.rfind(prefix, 0), 0u) << ref;
    EXPECT_TRUE(doc["components"]["schemas"].contains(ref.substr(prefix.size()))) << ref;
  }
}

WCP_INSTANTIATE_BACKEND_SUITE(PlatformTest);

}  // namespace
}  // namespace wcp::platform
