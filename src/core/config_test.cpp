#include "core/config.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace wcp {
namespace {

std::filesystem::path WriteTemp(const std::string& name, const std::string& text) {
  auto p = std::filesystem::temp_directory_path() / name;
  std::ofstream(p) << text;
  return p;
}

TEST(ConfigTest, DefaultsFileEnvFlagPrecedence) {
  Config c;
  EXPECT_EQ(c.db_url(), "sqlite:var/wcp.db");
  EXPECT_EQ(c.listen(), "127.0.0.1:8080");
  ASSERT_TRUE(c.LoadFile(WriteTemp("wcp_cfg1.toml",
                                   "listen = \"0.0.0.0:9000\"\n[http]\nmax_body_bytes = 2048\n"))
                  .ok());
  EXPECT_EQ(c.listen(), "0.0.0.0:9000");
  EXPECT_EQ(c.GetInt("http.max_body_bytes"), 2048);
  std::string e1 = "WCP_LISTEN=127.0.0.1:7000", e2 = "WCP_HTTP_MAX_BODY_BYTES=4096", e3 = "PATH=/bin";
  char* env[] = {e1.data(), e2.data(), e3.data(), nullptr};
  ASSERT_TRUE(c.LoadEnvironment(env).ok());
  EXPECT_EQ(c.listen(), "127.0.0.1:7000");
  ASSERT_TRUE(c.Set("listen", "127.0.0.1:7001").ok());
  EXPECT_EQ(c.listen(), "127.0.0.1:7001");
  EXPECT_EQ(c.GetInt("http.max_body_bytes"), 4096);
}

TEST(ConfigTest, BadFilesNameFileLineAndKey) {
  Config c;
  auto syntax = c.LoadFile(WriteTemp("wcp_cfg2.toml", "listen = \"a\"\nport = = 3\n"));
  ASSERT_FALSE(syntax.ok());
  EXPECT_NE(syntax.message().find("wcp_cfg2.toml:2"), std::string::npos);
  auto unknown = c.LoadFile(WriteTemp("wcp_cfg3.toml", "[http]\nmax_bodybytes = 3\n"));
  EXPECT_EQ(unknown.field(), "http.max_bodybytes");
  auto type = c.LoadFile(WriteTemp("wcp_cfg4.toml", "[http]\nio_threads = \"two\"\n"));
  EXPECT_EQ(type.field(), "http.io_threads");
  EXPECT_NE(type.message().find("wcp_cfg4.toml:2"), std::string::npos);
}

TEST(ConfigTest, PrintMasksSecrets) {
  Config c;
  ASSERT_TRUE(c.Set("secret", "hunter2-very-secret").ok());
  const std::string printed = c.Print();
  EXPECT_EQ(printed.find("hunter2"), std::string::npos);
  EXPECT_NE(printed.find("secret = \"********\""), std::string::npos);
  EXPECT_NE(printed.find("db = \"sqlite:var/wcp.db\""), std::string::npos);
}

}  // namespace
}  // namespace wcp
