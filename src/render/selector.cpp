// PLACEHOLDER until selectors land.
#include "gitsync/render/selector.h"
namespace gitsync::render {
Result<Selector> parseSelector(const core::Node&, std::string_view where) {
  return unimplemented(std::string(where) + ": selectors not implemented yet");
}
Result<bool> selects(const Selector&, const Resource&) { return unimplemented("selects"); }
}  // namespace gitsync::render
