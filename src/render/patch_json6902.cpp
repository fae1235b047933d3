// JSON 6902 patches as kustomize v5.5.0 applies them: the object goes through JSON, is patched
// by gopkg.in/evanphx/json-patch.v4 v4.12.0, the version kubectl v1.32 links (its quirks kept:
// `replace` of a missing map key adds it, negative array indexes count from the end, a null in
// the document counts as missing) and comes back through kyaml's FromMap (numbers become
// float64, nulls print as null).
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>

#include "gitsync/core/scalar.h"
#include "gitsync/core/yaml.h"
#include "patch_internal.h"

namespace gitsync::render::patch_internal {
namespace {

using core::Node;
using core::ScalarType;

const std::string kMissing = ": missing value";

bool inList(std::string_view s, std::initializer_list<std::string_view> list) {
  for (std::string_view x : list) {
    if (s == x) return true;
  }
  return false;
}

// A number as kyaml's FromMap writes a float64 (strconv 'g'); exact integers stay integers.
Node canonicalNumber(double f) {
  if (std::fabs(f) <= 9007199254740992.0 && std::floor(f) == f) {
    return Node::scalar(std::to_string(static_cast<int64_t>(f)));
  }
  return Node::scalar(core::goFormatFloat(f, 'g'));
}

// Whether yaml.v3 would quote string `s` when it writes it (only the style differs).
bool wouldQuote(std::string_view s) {
  if (s.empty() || s.find('\n') != std::string_view::npos) return true;
  if (core::resolveScalar(Node::scalar(std::string(s))).type != ScalarType::String) return true;
  if (!core::v2PlainIsString(s)) return true;
  if (std::string_view("-?:,[]{}#&*!|>'\"%@`").find(s.front()) != std::string_view::npos) {
    return true;
  }
  if (s.front() == ' ' || s.back() == ' ' || s.back() == ':') return true;
  return s.find(": ") != std::string_view::npos || s.find(" #") != std::string_view::npos ||
         s.find('\t') != std::string_view::npos;
}

Node canonicalString(std::string s) {
  const bool quote = wouldQuote(s);
  return Node::scalar(std::move(s), quote ? Node::Style::Quoted : Node::Style::Plain);
}

// A scalar typed as JSON sees it. `yaml11`: plain scalars resolve as goyaml.v2 does
// (sigs.k8s.io/yaml.YAMLToJSON): yes/no/on/off are booleans.
Result<Node> jsonScalar(const Node& n, bool yaml11) {
  const bool plain = n.style() == Node::Style::Plain && n.tag().empty();
  if (n.tag() == "!!str" || (n.style() == Node::Style::Quoted && n.tag().empty())) {
    return canonicalString(n.text());
  }
  if (plain && yaml11 && !core::v2PlainIsString(n.text())) {
    if (inList(n.text(), {"y", "Y", "yes", "Yes", "YES", "on", "On", "ON"})) {
      return Node::scalar("true");
    }
    if (inList(n.text(), {"n", "N", "no", "No", "NO", "off", "Off", "OFF"})) {
      return Node::scalar("false");
    }
  }
  core::ResolvedScalar r = core::resolveScalar(n);
  switch (r.type) {
    case ScalarType::Null:
      return Node::scalar("null");
    case ScalarType::Bool:
      return Node::scalar(r.boolean ? "true" : "false");
    case ScalarType::Int:
      return canonicalNumber(static_cast<double>(r.integer));
    case ScalarType::Uint:
      return canonicalNumber(static_cast<double>(r.unsignedInteger));
    case ScalarType::Float:
      if (std::isnan(r.floating)) return Status(invalidArgument("json: unsupported value: NaN"));
      if (std::isinf(r.floating)) {
        return Status(invalidArgument(std::string("json: unsupported value: ") +
                                      (r.floating > 0 ? "+Inf" : "-Inf")));
      }
      return canonicalNumber(r.floating);
    case ScalarType::String:
      return canonicalString(n.text());
  }
  return canonicalString(n.text());
}

// The JSON value of `n` (tags dropped, scalars canonical).
Result<Node> jsonValue(const Node& n, bool yaml11) {
  switch (n.kind()) {
    case Node::Kind::Scalar:
      return jsonScalar(n, yaml11);
    case Node::Kind::Seq: {
      Node out = Node::seq();
      for (const Node& item : n.items()) {
        GITSYNC_ASSIGN_OR_RETURN(Node v, jsonValue(item, yaml11));
        out.push(std::move(v));
      }
      return out;
    }
    case Node::Kind::Map: {
      Node out = Node::map();
      for (const auto& [k, v] : n.entries()) {
        GITSYNC_ASSIGN_OR_RETURN(Node cv, jsonValue(v, yaml11));
        out.set(k, std::move(cv));
      }
      return out;
    }
  }
  return n;
}

const char* jsonTypeName(const Node& n) {
  if (n.isMap()) return "object";
  if (n.isSeq()) return "array";
  switch (core::resolveScalar(n).type) {
    case ScalarType::Bool:
      return "bool";
    case ScalarType::String:
      return "string";
    default:
      return "number";
  }
}

// Operation.Path() / From(): a string field, else the decoding error.
Result<std::string> stringField(const std::optional<Node>& f, const char* missing) {
  if (!f) return Status(invalidArgument(missing));
  if (!f->isScalar() || core::resolveScalar(*f).type != ScalarType::String) {
    return Status(invalidArgument(std::string("json: cannot unmarshal ") + jsonTypeName(*f) +
                                  " into Go value of type string"));
  }
  return f->text();
}

Result<std::string> pathOf(const JsonOp& op) {
  return stringField(op.path, "operation missing path field: missing value");
}
Result<std::string> fromOf(const JsonOp& op) {
  return stringField(op.from, "operation, missing from field: missing value");
}

std::string decodeKey(std::string_view k) {
  std::string out;
  for (size_t i = 0; i < k.size(); ++i) {
    if (k[i] == '~' && i + 1 < k.size() && (k[i + 1] == '0' || k[i + 1] == '1')) {
      out.push_back(k[i + 1] == '1' ? '/' : '~');
      ++i;
    } else {
      out.push_back(k[i]);
    }
  }
  return out;
}

// Go's strconv.Atoi, with its error text.
Result<int64_t> atoi(const std::string& s) {
  auto syntax = [&] {
    return Status(invalidArgument("strconv.Atoi: parsing " + goQuote(s) + ": invalid syntax"));
  };
  size_t i = 0;
  bool neg = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    neg = s[0] == '-';
    i = 1;
  }
  if (i >= s.size()) return syntax();
  uint64_t v = 0;
  bool overflow = false;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return syntax();
    if (v > (std::numeric_limits<uint64_t>::max() - 9) / 10) overflow = true;
    v = v * 10 + static_cast<uint64_t>(s[i] - '0');
  }
  const uint64_t limit = neg ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
  if (overflow || v > limit) {
    return Status(invalidArgument("strconv.Atoi: parsing " + goQuote(s) + ": value out of range"));
  }
  return neg ? static_cast<int64_t>(0 - v) : static_cast<int64_t>(v);
}

Status badIndex(int64_t idx) {
  return invalidArgument("Unable to access invalid index: " + std::to_string(idx) +
                         ": invalid index referenced");
}

// A map or array and a key in it (json-patch's container).
struct Slot {
  Node* container = nullptr;
  std::string key;
};

// json-patch findObject: the container of the last path segment.
Slot findObject(Node& doc, const std::string& path) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t slash = path.find('/', start);
    parts.push_back(path.substr(start, slash == std::string::npos ? slash : slash - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  if (parts.size() < 2) return {};
  Node* cur = &doc;
  for (size_t i = 1; i + 1 < parts.size(); ++i) {
    const std::string key = decodeKey(parts[i]);
    Node* next = nullptr;
    if (cur->isMap()) {
      next = cur->get(key);
    } else if (cur->isSeq()) {
      auto idx = atoi(key);
      if (!idx.ok()) return {};
      int64_t n = static_cast<int64_t>(cur->items().size());
      int64_t at = *idx;
      if (at < 0) {
        if (at < -n) return {};
        at += n;
      }
      if (at >= n) return {};
      next = &cur->items()[static_cast<size_t>(at)];
    }
    if (!next || (!next->isMap() && !next->isSeq())) return {};
    cur = next;
  }
  if (!cur->isMap() && !cur->isSeq()) return {};
  return {cur, decodeKey(parts.back())};
}

// container.get: nullptr for a missing map key; an error for a bad array index.
Result<Node*> get(const Slot& s) {
  if (s.container->isMap()) return s.container->get(s.key);
  GITSYNC_ASSIGN_OR_RETURN(int64_t idx, atoi(s.key));
  auto& items = s.container->items();
  const int64_t n = static_cast<int64_t>(items.size());
  if (idx < 0) {
    if (idx < -n) return Status(badIndex(idx));
    idx += n;
  }
  if (idx >= n) return Status(badIndex(idx));
  return &items[static_cast<size_t>(idx)];
}

Status add(const Slot& s, Node value) {
  if (s.container->isMap()) {
    s.container->set(s.key, std::move(value));
    return okStatus();
  }
  auto& items = s.container->items();
  if (s.key == "-") {
    items.push_back(std::move(value));
    return okStatus();
  }
  auto idx = atoi(s.key);
  if (!idx.ok()) {
    return invalidArgument("value was not a proper array index: '" + s.key +
                           "': " + idx.status().message());
  }
  const int64_t size = static_cast<int64_t>(items.size()) + 1;
  int64_t at = *idx;
  if (at >= size) return badIndex(at);
  if (at < 0) {
    if (at < -size) return badIndex(at);
    at += size;
  }
  items.insert(items.begin() + at, std::move(value));
  return okStatus();
}

Status remove(const Slot& s) {
  if (s.container->isMap()) {
    if (!s.container->erase(s.key)) {
      return invalidArgument("Unable to remove nonexistent key: " + s.key + kMissing);
    }
    return okStatus();
  }
  GITSYNC_ASSIGN_OR_RETURN(int64_t idx, atoi(s.key));
  auto& items = s.container->items();
  const int64_t n = static_cast<int64_t>(items.size());
  if (idx >= n) return badIndex(idx);
  if (idx < 0) {
    if (idx < -n) return badIndex(idx);
    idx += n;
  }
  items.erase(items.begin() + idx);
  return okStatus();
}

Node opValue(const JsonOp& op) { return op.hasValue ? op.value : Node::scalar("null"); }

Status applyAdd(Node& doc, const JsonOp& op) {
  auto path = pathOf(op);
  if (!path.ok()) return invalidArgument("add operation failed to decode path" + kMissing);
  Slot s = findObject(doc, *path);
  if (!s.container) {
    return invalidArgument("add operation does not apply: doc is missing path: \"" + *path +
                           "\"" + kMissing);
  }
  return add(s, opValue(op)).withPrefix("error in add for path: '" + *path + "'");
}

Status applyRemove(Node& doc, const JsonOp& op) {
  auto path = pathOf(op);
  if (!path.ok()) return invalidArgument("remove operation failed to decode path" + kMissing);
  Slot s = findObject(doc, *path);
  if (!s.container) {
    return invalidArgument("remove operation does not apply: doc is missing path: \"" + *path +
                           "\"" + kMissing);
  }
  return remove(s).withPrefix("error in remove for path: '" + *path + "'");
}

Status applyReplace(Node& doc, const JsonOp& op) {
  auto path = pathOf(op);
  if (!path.ok()) return path.status().withPrefix("replace operation failed to decode path");
  if (path->empty()) {
    // json-patch v4.12 wraps a nil error here, so a scalar value replaces nothing.
    if (op.hasValue && (op.value.isMap() || op.value.isSeq())) doc = op.value;
    return okStatus();
  }
  Slot s = findObject(doc, *path);
  if (!s.container) {
    return invalidArgument("replace operation does not apply: doc is missing path: " + *path +
                           kMissing);
  }
  auto cur = get(s);
  if (!cur.ok()) {
    return invalidArgument("replace operation does not apply: doc is missing key: " + *path +
                           kMissing);
  }
  if (*cur) {
    **cur = opValue(op);
    return okStatus();
  }
  s.container->set(s.key, opValue(op));
  return okStatus();
}

Status applyMove(Node& doc, const JsonOp& op) {
  auto from = fromOf(op);
  if (!from.ok()) return from.status().withPrefix("move operation failed to decode from");
  Slot s = findObject(doc, *from);
  if (!s.container) {
    return invalidArgument("move operation does not apply: doc is missing from path: " + *from +
                           kMissing);
  }
  const std::string where = "error in move for path: '" + s.key + "'";
  auto cur = get(s);
  if (!cur.ok()) return cur.status().withPrefix(where);
  Node value = *cur ? **cur : Node::scalar("null");
  GITSYNC_RETURN_IF_ERROR(remove(s).withPrefix(where));
  auto path = pathOf(op);
  if (!path.ok()) return path.status().withPrefix("move operation failed to decode path");
  Slot d = findObject(doc, *path);
  if (!d.container) {
    return invalidArgument("move operation does not apply: doc is missing destination path: " +
                           *path + kMissing);
  }
  return add(d, std::move(value)).withPrefix("error in move for path: '" + *path + "'");
}

Status applyCopy(Node& doc, const JsonOp& op) {
  auto from = fromOf(op);
  if (!from.ok()) return from.status().withPrefix("copy operation failed to decode from");
  Slot s = findObject(doc, *from);
  if (!s.container) {
    return invalidArgument("copy operation does not apply: doc is missing from path: " + *from +
                           kMissing);
  }
  auto cur = get(s);
  if (!cur.ok()) return cur.status().withPrefix("error in copy for from: '" + *from + "'");
  Node value = *cur ? **cur : Node::scalar("null");
  auto path = pathOf(op);
  if (!path.ok()) return invalidArgument("copy operation failed to decode path" + kMissing);
  Slot d = findObject(doc, *path);
  if (!d.container) {
    return invalidArgument("copy operation does not apply: doc is missing destination path: " +
                           *path + kMissing);
  }
  return add(d, std::move(value)).withPrefix("error while adding value during copy");
}

bool jsonEqual(const Node& docValue, const Node& patchValue) {
  if (patchValue.isNull()) return false;  // json-patch never matches a null `value`
  auto a = core::toGoJson(docValue);
  auto b = core::toGoJson(patchValue);
  return a.ok() && b.ok() && *a == *b;
}

Status applyTest(Node& doc, const JsonOp& op) {
  auto path = pathOf(op);
  if (!path.ok()) return path.status().withPrefix("test operation failed to decode path");
  const std::string failed = "testing value " + *path + " failed: test failed";
  if (path->empty()) {
    if (op.hasValue && jsonEqual(doc, op.value)) return okStatus();
    return invalidArgument(failed);
  }
  Slot s = findObject(doc, *path);
  if (!s.container) {
    return invalidArgument("test operation does not apply: is missing path: " + *path + kMissing);
  }
  auto cur = get(s);
  if (!cur.ok()) return cur.status().withPrefix("error in test for path: '" + *path + "'");
  // A JSON null in the document is a missing node to json-patch.
  if (!*cur || (*cur)->isNull()) {
    // json-patch v4.12 dereferences the absent `value` here (kubectl crashes).
    if (!op.hasValue) return invalidArgument("test operation for " + *path + " has no value");
    if (op.value.isNull()) return okStatus();
    return invalidArgument(failed);
  }
  if (op.hasValue && jsonEqual(**cur, op.value)) return okStatus();
  return invalidArgument(failed);
}

std::string opKind(const JsonOp& op) {
  if (!op.op || !op.op->isScalar() || core::resolveScalar(*op.op).type != ScalarType::String) {
    return "unknown";
  }
  return op.op->text();
}

}  // namespace

Result<JsonPatch> decodeJsonPatch(std::string_view text) {
  const bool json = !text.empty() && text.front() == '[';
  GITSYNC_ASSIGN_OR_RETURN(std::vector<Node> docs, core::parseYamlStream(text, "patch"));
  JsonPatch patch;
  if (docs.empty() || docs.front().isNull()) return patch;
  const Node& root = docs.front();
  if (!root.isSeq()) {
    return Status(invalidArgument(std::string("json: cannot unmarshal ") + jsonTypeName(root) +
                                  " into Go value of type jsonpatch.Patch"));
  }
  for (const Node& item : root.items()) {
    JsonOp op;
    if (item.isNull()) {
      patch.push_back(std::move(op));
      continue;
    }
    if (!item.isMap()) {
      return Status(invalidArgument(std::string("json: cannot unmarshal ") + jsonTypeName(item) +
                                    " into Go value of type jsonpatch.Operation"));
    }
    for (const auto& [k, v] : item.entries()) {
      if (k == "value") {
        op.hasValue = true;
        GITSYNC_ASSIGN_OR_RETURN(op.value, jsonValue(v, !json));
        continue;
      }
      std::optional<Node>* slot = k == "op" ? &op.op : k == "path" ? &op.path
                                                     : k == "from" ? &op.from : nullptr;
      if (slot && !v.isNull()) *slot = v;
    }
    patch.push_back(std::move(op));
  }
  return patch;
}

Status applyJsonPatch(core::Node& object, const JsonPatch& patch) {
  // The JSON round trip (typing, number and null normalization) is applied once at the end;
  // operations only move values and compare them by their Go JSON encoding.
  Node doc = object;
  for (const JsonOp& op : patch) {
    const std::string kind = opKind(op);
    Status s;
    if (kind == "add") {
      s = applyAdd(doc, op);
    } else if (kind == "remove") {
      s = applyRemove(doc, op);
    } else if (kind == "replace") {
      s = applyReplace(doc, op);
    } else if (kind == "move") {
      s = applyMove(doc, op);
    } else if (kind == "test") {
      s = applyTest(doc, op);
    } else if (kind == "copy") {
      s = applyCopy(doc, op);
    } else {
      s = invalidArgument("Unexpected kind: " + kind);
    }
    GITSYNC_RETURN_IF_ERROR(s);
  }
  if (!doc.isMap()) {
    return invalidArgument(std::string("json: cannot unmarshal ") + jsonTypeName(doc) +
                           " into Go value of type map[string]interface {}");
  }
  GITSYNC_ASSIGN_OR_RETURN(object, jsonValue(doc, false));
  return okStatus();
}

}  // namespace gitsync::render::patch_internal
