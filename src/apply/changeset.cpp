#include "gitsync/apply/changeset.h"

namespace gitsync::apply {

const char* actionName(Action action) {
  switch (action) {
    case Action::Created: return "created";
    case Action::Configured: return "configured";
    case Action::Unchanged: return "unchanged";
    case Action::Deleted: return "deleted";
    case Action::Skipped: return "skipped";
    case Action::Failed: return "failed";
  }
  return "unknown";
}

std::string ChangeSetEntry::line() const {
  std::string s = ref.subject() + " " + actionName(action);
  if (!message.empty()) s += ": " + message;
  return s;
}

size_t ChangeSet::count(Action action) const {
  size_t n = 0;
  for (const auto& e : entries) n += e.action == action ? 1 : 0;
  return n;
}

std::string ChangeSet::summary() const {
  std::string s;
  for (Action a : {Action::Created, Action::Configured, Action::Unchanged, Action::Deleted,
                   Action::Skipped, Action::Failed}) {
    size_t n = count(a);
    if (n == 0) continue;
    if (!s.empty()) s += ", ";
    s += std::to_string(n) + " " + actionName(a);
  }
  return s.empty() ? "no objects" : s;
}

Status summarizeFailures(const std::vector<Status>& failures) {
  if (failures.empty()) return okStatus();
  if (failures.size() == 1) return failures.front();
  return Status(failures.front().code(), failures.front().message() + " (" +
                                             std::to_string(failures.size()) + " objects failed)");
}

}  // namespace gitsync::apply
