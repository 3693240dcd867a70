// modules/indicators/messages.hpp — server-side prose for evaluation
// messages: the XLSX report (in the reader's language) and the English
// `message` that API users and logs read. The web UI words the same
// {type, params} from its own catalog (web/src/modules/indicators/messages.js);
// the two are kept in step by the catalog test there.
#pragma once

#include <string>
#include <string_view>

#include "modules/indicators/evaluation.hpp"

namespace wcp::indicators {

// One message as a sentence (flags) or a fragment with its leading
// separator (summary parts). Unknown types render as their type name.
std::string MessageText(const Message& m, const Indicator& ind, bool zh);
// The summary parts joined into the one-sentence conclusion.
std::string SummaryText(const Evaluation& e, const Indicator& ind, bool zh);
// The status code in words, as the UI's catalog words it (已实现目标 / Target met …).
std::string StatusText(std::string_view status, bool zh);
// An indicator's name for a table read on its own: a part is named with its
// whole ("货物进出口总额 其中：出口额", "Total imports and exports of goods:
// of which exports"); `parent` is the indicator parent_code names, if any.
std::string DisplayName(const Indicator& ind, const Indicator* parent, bool zh);
// The decimals an indicator's values are published with: the most the
// plan's base and target values show (counts: none; at least one otherwise).
int PublishedDecimals(const Indicator& ind);
// The review code in words: 提前实现 / 快于预期 / 基本符合预期 / 滞后预期 / 无法评估.
std::string ReviewText(std::string_view review, bool zh);

}  // namespace wcp::indicators
