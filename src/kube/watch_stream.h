#pragma once
// The body of a watch: one JSON object per line ({"type": "ADDED", "object": {...}}), arriving
// in chunks that split lines anywhere.
#include <functional>
#include <string>
#include <string_view>

#include "gitsync/core/status.h"
#include "gitsync/kube/types.h"

namespace gitsync::kube {

// Reassembles lines from chunks.
class LineBuffer {
 public:
  // Calls onLine for every complete non-empty line in `chunk` (after what was buffered) and
  // keeps the rest. Returns false as soon as onLine does.
  bool feed(std::string_view chunk, const std::function<bool(std::string_view)>& onLine);
  // What is left after the last newline.
  const std::string& pending() const { return pending_; }

 private:
  std::string pending_;
};

struct RawWatchEvent {
  std::string type;  // ADDED, MODIFIED, DELETED, BOOKMARK, ERROR
  Json object;
};

// InvalidArgument when the line is not {"type": string, "object": object}.
Result<RawWatchEvent> parseWatchLine(std::string_view line);

}  // namespace gitsync::kube
