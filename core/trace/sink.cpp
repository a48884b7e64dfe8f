// collect_text(): a streaming formatter's pieces joined, for the format_*() functions.
#include "core/trace/format.h"

namespace cmwq {

std::string collect_text(const std::function<void(const TextSink&)>& write) {
  std::string out;
  write([&out](std::string_view piece) { out.append(piece); });
  return out;
}

}  // namespace cmwq
