#include <algorithm>
#include <string>
#include <vector>

#include "gitsync/apply/diff.h"

namespace gitsync::apply {
namespace {

std::vector<std::string> splitLines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

struct Op {
  char kind;  // ' ', '-', '+'
  size_t a;   // line index in before (for ' ' and '-')
  size_t b;   // line index in after (for ' ' and '+')
};

// Longest common subsequence by dynamic programming (manifests are small).
std::vector<Op> editScript(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  size_t n = a.size(), m = b.size();
  std::vector<std::vector<uint32_t>> lcs(n + 1, std::vector<uint32_t>(m + 1, 0));
  for (size_t i = n; i-- > 0;) {
    for (size_t j = m; j-- > 0;) {
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  std::vector<Op> ops;
  size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] == b[j]) {
      ops.push_back({' ', i++, j++});
    } else if (j < m && (i == n || lcs[i][j + 1] > lcs[i + 1][j])) {
      ops.push_back({'+', i, j++});
    } else {
      ops.push_back({'-', i++, j});
    }
  }
  return ops;
}

}  // namespace

std::string unifiedDiff(const std::string& before, const std::string& after,
                        const std::string& beforeName, const std::string& afterName) {
  if (before == after) return {};
  std::vector<std::string> a = splitLines(before), b = splitLines(after);
  std::vector<Op> ops = editScript(a, b);
  constexpr size_t kContext = 3;
  std::string out = "--- " + beforeName + "\n+++ " + afterName + "\n";
  size_t k = 0;
  while (k < ops.size()) {
    // Find the next change.
    while (k < ops.size() && ops[k].kind == ' ') ++k;
    if (k == ops.size()) break;
    size_t start = k >= kContext ? k - kContext : 0;
    // Extend the hunk while changes are within 2 * context lines of each other.
    size_t end = k;
    size_t last = k;
    while (end < ops.size()) {
      if (ops[end].kind != ' ') last = end;
      if (end - last > 2 * kContext) break;
      ++end;
    }
    end = std::min(ops.size(), last + kContext + 1);
    size_t aStart = ops[start].a, bStart = ops[start].b, aCount = 0, bCount = 0;
    std::string body;
    for (size_t x = start; x < end; ++x) {
      const Op& op = ops[x];
      if (op.kind != '+') ++aCount;
      if (op.kind != '-') ++bCount;
      body += op.kind;
      body += (op.kind == '+' ? b[op.b] : a[op.a]);
      body += "\n";
    }
    auto range = [](size_t startLine, size_t count) {
      size_t first = count == 0 ? startLine : startLine + 1;
      return std::to_string(first) + "," + std::to_string(count);
    };
    out += "@@ -" + range(aStart, aCount) + " +" + range(bStart, bCount) + " @@\n" + body;
    k = end;
  }
  return out;
}

}  // namespace gitsync::apply
