// The kustomization's `images:` (kustomize's ImageTagTransformer, one per entry): each entry
// first rewrites the `image` of every item of any `containers` or `initContainers` list in an
// object, then the fields of the images field specs. CustomResourceDefinitions are left alone.
#include <regex>
#include <string>
#include <vector>

#include "field_transformers.h"
#include "gitsync/render/builtin_transformers.h"
#include "transformer_args.h"

namespace gitsync::render {
namespace fields {
namespace {

struct ImageRef {
  std::string name, tag, digest;
};

// kustomize's image.Split: the tag and digest are looked for after the first '/', so a
// registry port ("host:5000/app") is part of the name.
ImageRef splitImage(const std::string& image) {
  size_t slash = image.find('/');
  size_t from = slash == std::string::npos || slash == 0 ? 0 : slash;
  size_t at = image.find('@', from);
  size_t colon = image.find(':', from);
  if (at == std::string::npos && colon == std::string::npos) return {image, "", ""};
  if (at != std::string::npos && (colon == std::string::npos || at < colon)) {
    return {image.substr(0, at), "", image.substr(at + 1)};
  }
  if (at != std::string::npos) {
    return {image.substr(0, colon), image.substr(colon + 1, at - colon - 1), image.substr(at + 1)};
  }
  return {image.substr(0, colon), image.substr(colon + 1), ""};
}

// kustomize builds its match pattern from the name without escaping it, so the name is a
// regular expression ('.' matches any character).
Result<std::regex> namePattern(const std::string& name, const std::string& where) {
  try {
    return std::regex("^" + name + "(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$");
  } catch (const std::regex_error&) {
    // kustomize crashes on such a name.
    return invalidArgument(where + ".name: '" + name +
                           "' is not a valid pattern (image names are regular expressions)");
  }
}

class Updater {
 public:
  Updater(const Image& image, std::regex pattern, const std::string& where)
      : image_(image), pattern_(std::move(pattern)), where_(where) {}

  Status update(const Resource& r, std::string_view path, core::Node& field) const {
    if (!field.isScalar()) {
      return args::objectFieldError(where_, r, path,
                                    "expected a scalar value, got " + args::describe(field));
    }
    if (!std::regex_match(field.text(), pattern_)) return okStatus();
    ImageRef ref = splitImage(field.text());
    if (!image_.newName.empty()) ref.name = image_.newName;
    if (!image_.newTag.empty() && !image_.digest.empty()) {
      ref.tag = image_.newTag;
      ref.digest = image_.digest;
    } else if (!image_.newTag.empty()) {
      ref.tag = image_.newTag;
      ref.digest.clear();
    } else if (!image_.digest.empty()) {
      ref.tag.clear();
      ref.digest = image_.digest;
    } else if (!image_.tagSuffix.empty()) {
      ref.tag += image_.tagSuffix;
      ref.digest.clear();
    }
    std::string out = ref.name;
    if (!ref.tag.empty()) out += ":" + ref.tag;
    if (!ref.digest.empty()) out += "@" + ref.digest;
    field = args::restyled(field, std::move(out));
    return okStatus();
  }

  // Every `containers` / `initContainers` list anywhere in `node`.
  Status walkContainers(const Resource& r, core::Node& node, const std::string& path) const {
    if (node.isSeq()) {
      for (core::Node& item : node.items()) GITSYNC_RETURN_IF_ERROR(walkContainers(r, item, path));
      return okStatus();
    }
    if (!node.isMap()) return okStatus();
    for (auto& [key, value] : node.entries()) {
      std::string sub = path.empty() ? key : path + "/" + key;
      GITSYNC_RETURN_IF_ERROR(walkContainers(r, value, sub));
      if ((key == "containers" || key == "initContainers") && value.isSeq()) {
        for (core::Node& container : value.items()) {
          if (container.isNull()) continue;
          if (!container.isMap()) {
            return args::objectFieldError(where_, r, sub,
                                          "expected a list of maps, got an item that is " +
                                              args::describe(container));
          }
          if (core::Node* image = container.get("image")) {
            GITSYNC_RETURN_IF_ERROR(update(r, sub + "/image", *image));
          }
        }
      }
    }
    return okStatus();
  }

 private:
  const Image& image_;
  std::regex pattern_;
  const std::string& where_;
};

}  // namespace

Result<Image> parseImage(const core::Node& node, const std::string& where, Strictness s) {
  GITSYNC_RETURN_IF_ERROR(args::checkFields(
      node, {"name", "newName", "newTag", "digest", "tagSuffix"}, where, s == Strictness::Strict));
  Image image;
  if (node.isNull()) return image;
  for (auto [key, out] : {std::pair{"name", &image.name}, {"newName", &image.newName},
                          {"newTag", &image.newTag}, {"digest", &image.digest},
                          {"tagSuffix", &image.tagSuffix}}) {
    if (const core::Node* n = node.get(key)) {
      GITSYNC_ASSIGN_OR_RETURN(*out, args::toString(*n, where + "." + key));
    }
  }
  GITSYNC_RETURN_IF_ERROR(namePattern(image.name, where).status());
  return image;
}

Status setImages(ObjectSet& set, const Image& image, const std::vector<FieldSpec>& specs,
                 const std::string& where) {
  GITSYNC_ASSIGN_OR_RETURN(std::regex pattern, namePattern(image.name, where));
  Updater updater(image, std::move(pattern), where);
  for (Resource& r : set) {
    if (r.kind() == "CustomResourceDefinition") continue;
    GITSYNC_RETURN_IF_ERROR(updater.walkContainers(r, r.object, ""));
  }
  for (Resource& r : set) {
    if (r.kind() == "CustomResourceDefinition") continue;
    for (FieldSpec spec : specs) {
      spec.create = false;  // kustomize never creates image fields
      GITSYNC_RETURN_IF_ERROR(args::forEachFieldOf(
          r, spec, where, [&](core::Node& field) { return updater.update(r, spec.path, field); }));
    }
  }
  return okStatus();
}

}  // namespace fields

Result<ObjectSet> applyImages(ObjectSet set, const core::Node& images, const BuildContext& ctx) {
  const std::string where = ctx.kustomizationFile + ": images";
  GITSYNC_ASSIGN_OR_RETURN(const std::vector<core::Node>* items, args::toList(images, where));
  std::vector<fields::Image> parsed;
  for (size_t i = 0; i < items->size(); ++i) {
    GITSYNC_ASSIGN_OR_RETURN(
        fields::Image image,
        fields::parseImage((*items)[i], args::indexed(where, i), fields::Strictness::Strict));
    parsed.push_back(std::move(image));
  }
  for (size_t i = 0; i < parsed.size(); ++i) {
    GITSYNC_RETURN_IF_ERROR(
        fields::setImages(set, parsed[i], ctx.config.images, args::indexed(where, i)));
  }
  return set;
}

}  // namespace gitsync::render
