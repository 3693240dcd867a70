#include "core/log.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/async.h>
#include <spdlog/sinks/stdout_color_sinks.h>

#include "core/json.hpp"

namespace wcp {
namespace {

// %* in a pattern: the log message as a JSON string literal (quoted, escaped).
class JsonMessageFlag : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    const std::string quoted = DumpJson(Json(std::string(msg.payload.data(), msg.payload.size())));
    dest.append(quoted.data(), quoted.data() + quoted.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<JsonMessageFlag>();
  }
};

}  // namespace

Status InitLogging(std::string_view format, std::string_view level) {
  const auto lvl = spdlog::level::from_str(std::string(level));
  if (lvl == spdlog::level::off && level != "off") {
    return Status::Invalid("unknown log level '" + std::string(level) + "'", "log.level");
  }
  spdlog::drop("wcp");  // re-initialisation replaces the logger
  // Asynchronous: request threads only format and enqueue; one background
  // thread writes (the queue blocks when full, so no line is dropped).
  static const bool kPool = [] {
    spdlog::init_thread_pool(8192, 1);
    return true;
  }();
  (void)kPool;
  auto logger = spdlog::create_async<spdlog::sinks::stderr_color_sink_mt>("wcp");
  if (format == "json") {
    auto formatter = std::make_unique<spdlog::pattern_formatter>();
    formatter->add_flag<JsonMessageFlag>('*').set_pattern(
        R"({"ts":"%Y-%m-%dT%H:%M:%S.%e%z","level":"%l","msg":%*})");
    logger->set_formatter(std::move(formatter));
  } else if (format == "text") {
    logger->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%-5l%$ %v");
  } else {
    return Status::Invalid("unknown log format '" + std::string(format) + "' (text or json)",
                           "log.format");
  }
  logger->set_level(lvl);
  spdlog::set_default_logger(logger);
  return Status::Ok();
}

void ShutdownLogging() { spdlog::shutdown(); }

}  // namespace wcp
