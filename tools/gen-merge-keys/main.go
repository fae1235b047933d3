// Command gen-merge-keys generates src/render/merge_keys_table.cpp: the
// strategic-merge-patch list merge table that kustomize v5.5.0 (kyaml v0.18.1)
// uses for built-in kinds, taken from kyaml's compiled-in OpenAPI schema
// (Kubernetes v1.21.2 swagger.pb plus kyaml's kustomizationapi swagger.json).
//
// Usage (from the repository root):
//
//	cd tools/gen-merge-keys && GOTOOLCHAIN=local go run . \
//	    -cpp ../../src/render/merge_keys_table.cpp -paths list_paths.txt
//
// It mirrors exactly what kyaml's merge2/walk code asks of the schema:
//
//   - the schema of a resource is openapi.SchemaForResourceType({apiVersion,
//     kind}), i.e. the definition carrying that GVK in
//     x-kubernetes-group-version-kind (every GVK listed there counts);
//   - ResourceSchema.Field(name): the property `name` if declared, else the
//     additionalProperties schema, else no schema; $refs resolved;
//   - ResourceSchema.Elements(): items schema of a `type: array` schema;
//   - a list is merged (associative) iff its x-kubernetes-patch-strategy,
//     split on ',', contains "merge" (kyaml/yaml/schema.IsAssociative);
//   - merge keys come from ResourceSchema.PatchStrategyAndKeyList():
//     x-kubernetes-list-map-keys if present, else x-kubernetes-patch-merge-key
//     (both only when a patch strategy is present at all);
//   - an associative list without keys is merged as a set of scalars.
//
// The generated C++ holds the schema as a small graph (one node per
// definition, shared by every kind that uses it), so recursive definitions
// such as JSONSchemaProps are represented exactly.  The optional -paths file is
// an independent flat listing of every list path of every kind (recursion cut
// at the first repeated definition), computed directly with kyaml's
// ResourceSchema API; selfcheck/selfcheck.cpp compares the C++ table against it.
package main

import (
	_ "embed"
	"flag"
	"fmt"
	"log"
	"os"
	"runtime/debug"
	"sort"
	"strings"

	"k8s.io/kube-openapi/pkg/validation/spec"
	"sigs.k8s.io/kustomize/kyaml/openapi"
	"sigs.k8s.io/kustomize/kyaml/openapi/kubernetesapi"
	"sigs.k8s.io/kustomize/kyaml/yaml"
	kyschema "sigs.k8s.io/kustomize/kyaml/yaml/schema"
)

//go:embed lookup.cpp.in
var lookupCode string

const none = 0xFFFF

// Strategy names, matching the C++ enum gitsync::render::ListStrategy.
const (
	stratReplace      = "Replace"
	stratMergeByKeys  = "MergeByKeys"
	stratMergeScalars = "MergeScalars"
)

type listInfo struct {
	strategy string
	keys     []string
}

func (li listInfo) id() string { return li.strategy + "(" + strings.Join(li.keys, ",") + ")" }

type node struct {
	id         int
	label      string // definition name or inline path, for comments
	isList     bool
	info       int   // index into builder.infos (lists only)
	elem       *node // lists: element schema (nil = none)
	fields     map[string]*node
	additional *node
}

type builder struct {
	byKey  map[string]*node
	nodes  []*node
	infos  []listInfo
	infoIx map[string]int
	leaf   *node
}

func newBuilder() *builder {
	b := &builder{byKey: map[string]*node{}, infoIx: map[string]int{}}
	// The info table always starts with the plain Replace entry.
	b.internInfo(listInfo{strategy: stratReplace})
	return b
}

func (b *builder) internInfo(li listInfo) int {
	if i, ok := b.infoIx[li.id()]; ok {
		return i
	}
	b.infos = append(b.infos, li)
	b.infoIx[li.id()] = len(b.infos) - 1
	return len(b.infos) - 1
}

// resolve follows $refs like kyaml's Field()/Elements() do, returning the
// resolved schema and the name of the last definition reached ("" if inline).
func resolve(s spec.Schema) (spec.Schema, string) {
	def := ""
	for s.Ref.String() != "" {
		ref := s.Ref.String()
		r, err := openapi.Resolve(&s.Ref, openapi.Schema())
		if err != nil || r == nil {
			log.Fatalf("cannot resolve %s: %v", ref, err)
		}
		def = strings.TrimPrefix(ref, "#/definitions/")
		s = *r
	}
	return s, def
}

func isArray(s *spec.Schema) bool { return len(s.Type) == 1 && s.Type[0] == "array" }

func hasAdditional(s *spec.Schema) bool {
	return s.AdditionalProperties != nil && s.AdditionalProperties.Schema != nil
}

// mergeInfo computes what kyaml's walker decides for a list with schema s.
func mergeInfo(s *spec.Schema) listInfo {
	rs := &openapi.ResourceSchema{Schema: s}
	if !kyschema.IsAssociative(rs, nil, false) {
		return listInfo{strategy: stratReplace}
	}
	_, keys := rs.PatchStrategyAndKeyList()
	if len(keys) == 0 {
		return listInfo{strategy: stratMergeScalars}
	}
	return listInfo{strategy: stratMergeByKeys, keys: keys}
}

// nodeFor returns the graph node for (unresolved) schema s found at inline
// position inlineKey.
func (b *builder) nodeFor(s spec.Schema, inlineKey string) *node {
	s, def := resolve(s)
	key := inlineKey
	if def != "" {
		key = "def:" + def
	}
	label := strings.TrimPrefix(key, "def:")
	if isArray(&s) {
		info := b.internInfo(mergeInfo(&s))
		var elemS *spec.Schema
		elemKey := "none"
		if s.Items != nil && s.Items.Schema != nil {
			elemS = s.Items.Schema
			rs, edef := resolve(*elemS)
			switch {
			case edef != "" && (isArray(&rs) || len(rs.Properties) > 0 || hasAdditional(&rs)):
				elemKey = "def:" + edef
			case !isArray(&rs) && len(rs.Properties) == 0 && !hasAdditional(&rs):
				elemKey = "leaf"
			default:
				elemKey = key + "[]"
			}
		}
		// Lists carry their merge info inline on the property, so identical
		// lists (same info, same element) share one node.
		lkey := "list:" + b.infos[info].id() + ":" + elemKey
		if n, ok := b.byKey[lkey]; ok {
			return n
		}
		n := &node{isList: true, info: info, label: "[]" + strings.TrimPrefix(elemKey, "def:")}
		b.byKey[lkey] = n
		b.nodes = append(b.nodes, n)
		if elemS != nil {
			n.elem = b.nodeFor(*elemS, key+"[]")
		}
		return n
	}
	if len(s.Properties) == 0 && !hasAdditional(&s) {
		// Scalars and property-less objects (RawExtension, JSON,
		// IntOrString, Quantity, ...): a known schema with no children.
		return b.leaf
	}
	if n, ok := b.byKey[key]; ok {
		return n
	}
	n := &node{label: label, fields: map[string]*node{}}
	b.byKey[key] = n
	b.nodes = append(b.nodes, n)
	for _, name := range sortedKeys(s.Properties) {
		n.fields[name] = b.nodeFor(s.Properties[name], key+"."+name)
	}
	if hasAdditional(&s) {
		n.additional = b.nodeFor(*s.AdditionalProperties.Schema, key+".*")
	}
	return n
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

type kindRoot struct {
	apiVersion, kind, def string
	n                     *node
}

// collectKinds lists every GVK of every definition, exactly as kyaml's
// AddDefinitions indexes them for SchemaForResourceType.
func collectKinds() []kindRoot {
	defs := openapi.Schema().Definitions
	seen := map[string]string{}
	var out []kindRoot
	for _, name := range sortedKeys(defs) {
		d := defs[name]
		ext, ok := d.Extensions["x-kubernetes-group-version-kind"]
		if !ok {
			continue
		}
		list, ok := ext.([]interface{})
		if !ok {
			continue
		}
		for _, e := range list {
			m, ok := e.(map[string]interface{})
			if !ok {
				continue
			}
			av, _ := m["version"].(string)
			if g, _ := m["group"].(string); g != "" {
				av = g + "/" + av
			}
			k, _ := m["kind"].(string)
			id := av + " " + k
			if prev, dup := seen[id]; dup {
				log.Fatalf("GVK %s claimed by both %s and %s (kyaml map order would be random)", id, prev, name)
			}
			seen[id] = name
			// Cross-check against kyaml's own index.
			rs := openapi.SchemaForResourceType(yaml.TypeMeta{APIVersion: av, Kind: k})
			if rs == nil {
				log.Fatalf("kyaml does not index %s", id)
			}
			out = append(out, kindRoot{apiVersion: av, kind: k, def: name})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].apiVersion != out[j].apiVersion {
			return out[i].apiVersion < out[j].apiVersion
		}
		return out[i].kind < out[j].kind
	})
	return out
}

// ---- flat listing, computed independently with kyaml's ResourceSchema API ----

type pathLine struct {
	path string
	info listInfo
	raw  string // raw x-kubernetes-patch-strategy
	elem string // "scalar", "object", "list", "none"
}

func elemKind(rs *openapi.ResourceSchema) string {
	e := rs.Elements()
	switch {
	case e == nil:
		return "none"
	case isArray(e.Schema):
		return "list"
	case len(e.Schema.Properties) > 0 || hasAdditional(e.Schema):
		return "object"
	default:
		return "scalar"
	}
}

func listPaths(rs *openapi.ResourceSchema, prefix string, stack map[string]bool, out *[]pathLine) {
	names := sortedKeys(rs.Schema.Properties)
	if hasAdditional(rs.Schema) {
		names = append(names, "*")
	}
	for _, name := range names {
		var unresolved spec.Schema
		if name == "*" {
			unresolved = *rs.Schema.AdditionalProperties.Schema
		} else {
			unresolved = rs.Schema.Properties[name]
		}
		child := rs.Field(name)
		if child == nil {
			continue
		}
		ref := unresolved.Ref.String()
		if isArray(child.Schema) {
			raw, _ := child.Schema.Extensions["x-kubernetes-patch-strategy"].(string)
			*out = append(*out, pathLine{path: prefix + name, info: mergeInfo(child.Schema), raw: raw, elem: elemKind(child)})
			elem := child.Elements()
			if elem == nil {
				continue
			}
			eref := child.Schema.Items.Schema.Ref.String()
			if eref != "" && stack[eref] {
				continue
			}
			stack[eref] = true
			// Elements of lists of lists are not addressable in the path
			// syntax; none exist in the v1.21.2 schema.
			if !isArray(elem.Schema) {
				listPaths(elem, prefix+name+"[].", stack, out)
			}
			delete(stack, eref)
			continue
		}
		if ref != "" && stack[ref] {
			continue
		}
		if ref != "" {
			stack[ref] = true
		}
		listPaths(child, prefix+name+".", stack, out)
		if ref != "" {
			delete(stack, ref)
		}
	}
}

// ---- C++ emission ----

type stringPool struct {
	buf strings.Builder
	off map[string]int
}

func (p *stringPool) add(s string) int {
	if o, ok := p.off[s]; ok {
		return o
	}
	o := p.buf.Len()
	p.buf.WriteString(s)
	p.off[s] = o
	return o
}

func cppEscapeChunked(s string) string {
	// Emit the pool as many short adjacent literals (one per 100 bytes).
	var b strings.Builder
	for i := 0; i < len(s); i += 100 {
		j := i + 100
		if j > len(s) {
			j = len(s)
		}
		b.WriteString("    \"")
		for _, c := range []byte(s[i:j]) {
			if c == '"' || c == '\\' || c < 0x20 || c > 0x7e {
				log.Fatalf("unexpected byte %q in string pool", c)
			}
			b.WriteByte(c)
		}
		b.WriteString("\"\n")
	}
	return b.String()
}

func kyamlVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == "sigs.k8s.io/kustomize/kyaml" {
				return d.Version
			}
		}
	}
	return "unknown"
}

func main() {
	cppOut := flag.String("cpp", "", "write the generated C++ table to this file")
	pathsOut := flag.String("paths", "", "write the flat per-kind list path listing to this file")
	flag.Parse()
	if *cppOut == "" && *pathsOut == "" {
		log.Fatal("nothing to do: pass -cpp and/or -paths")
	}

	schemaVersion := openapi.GetSchemaVersion()
	kinds := collectKinds()
	defs := openapi.Schema().Definitions

	b := newBuilder()
	b.leaf = &node{label: "(leaf: scalar or property-less object)"}
	b.nodes = append(b.nodes, b.leaf)
	for i := range kinds {
		k := &kinds[i]
		k.n = b.nodeFor(defs[k.def], "def:"+k.def)
	}
	// Ids in creation order (deterministic: kinds sorted, fields sorted).
	for i, n := range b.nodes {
		n.id = i
	}
	if len(b.nodes) >= none {
		log.Fatalf("too many nodes: %d", len(b.nodes))
	}

	header := fmt.Sprintf(`generated by tools/gen-merge-keys -- DO NOT EDIT.
Command (from the repository root):
  cd tools/gen-merge-keys && GOTOOLCHAIN=local go run . -cpp ../../src/render/merge_keys_table.cpp -paths list_paths.txt
Source: sigs.k8s.io/kustomize/kyaml %s (as used by kustomize v5.5.0), built-in OpenAPI
schema %s (kyaml/openapi/kubernetesapi, %s) plus kyaml's
kustomizationapi swagger.json; %d GVKs, %d schema nodes, %d list merge kinds.`,
		kyamlVersion(), schemaVersion, kubernetesapi.Info, len(kinds), len(b.nodes), len(b.infos))

	if *pathsOut != "" {
		var sb strings.Builder
		sb.WriteString("# " + strings.ReplaceAll(header, "\n", "\n# ") + "\n")
		sb.WriteString("# Every list field of every built-in kind, recursion cut at the first repeated definition.\n")
		sb.WriteString("# KIND <apiVersion> <kind> <definition>\n")
		sb.WriteString("# <path>\\t<strategy>\\t<keys,comma-separated or ->\\t<raw x-kubernetes-patch-strategy or ->\\t<element: scalar|object|list|none>\n")
		sb.WriteString("# '*' in a path is a map key (additionalProperties).\n")
		for _, k := range kinds {
			fmt.Fprintf(&sb, "KIND %s %s %s\n", k.apiVersion, k.kind, k.def)
			rs := openapi.SchemaForResourceType(yaml.TypeMeta{APIVersion: k.apiVersion, Kind: k.kind})
			var lines []pathLine
			listPaths(rs, "", map[string]bool{"#/definitions/" + k.def: true}, &lines)
			for _, l := range lines {
				keys, raw := strings.Join(l.info.keys, ","), l.raw
				if keys == "" {
					keys = "-"
				}
				if raw == "" {
					raw = "-"
				}
				fmt.Fprintf(&sb, "%s\t%s\t%s\t%s\t%s\n", l.path, l.info.strategy, keys, raw, l.elem)
			}
		}
		if err := os.WriteFile(*pathsOut, []byte(sb.String()), 0o644); err != nil {
			log.Fatal(err)
		}
	}

	if *cppOut == "" {
		return
	}

	pool := &stringPool{off: map[string]int{}}
	ref := func(s string) string {
		if len(s) > 0xFFFF {
			log.Fatalf("string too long: %s", s)
		}
		return fmt.Sprintf("{%d, %d}", pool.add(s), len(s))
	}
	idx := func(n *node) string {
		if n == nil {
			return "kNone"
		}
		return fmt.Sprint(n.id)
	}

	var out strings.Builder
	out.WriteString("// " + strings.ReplaceAll(header, "\n", "\n// ") + "\n//\n")
	out.WriteString("// Data layout and lookup semantics: see include/gitsync/render/merge_keys.h.\n")
	out.WriteString("// clang-format off\n")
	out.WriteString("#include \"gitsync/render/merge_keys.h\"\n\n#include <algorithm>\n#include <cstdint>\n\n")
	out.WriteString("namespace gitsync::render {\nnamespace {\n\n")
	out.WriteString("struct StrRef { std::uint32_t off; std::uint16_t len; };\n")
	out.WriteString("// A schema node: object (fields [fieldBegin, fieldBegin+fieldCount) sorted by name,\n")
	out.WriteString("// plus optional additionalProperties node) or list (info != kNoInfo, elem node).\n")
	out.WriteString("struct NodeRec { std::uint16_t fieldBegin, fieldCount, additional, elem; std::uint8_t info; };\n")
	out.WriteString("struct FieldRec { StrRef name; std::uint16_t child; };\n")
	out.WriteString("struct KindRec { StrRef apiVersion, kind; std::uint16_t node; };\n")
	out.WriteString("constexpr std::uint16_t kNone = 0xFFFF;\nconstexpr std::uint8_t kNoInfo = 0xFF;\n\n")

	// Keys and infos.
	var keyPool []string
	keyOff := map[string]int{}
	for _, li := range b.infos {
		k := strings.Join(li.keys, "\x00")
		if _, ok := keyOff[k]; ok || len(li.keys) == 0 {
			continue
		}
		keyOff[k] = len(keyPool)
		keyPool = append(keyPool, li.keys...)
	}
	out.WriteString("constexpr std::string_view kMergeKeys[] = {\n")
	for _, k := range keyPool {
		fmt.Fprintf(&out, "    %q,\n", k)
	}
	out.WriteString("};\n\n")
	out.WriteString("constexpr ListMergeInfo kInfos[] = {\n")
	for i, li := range b.infos {
		span := "{}"
		if len(li.keys) > 0 {
			span = fmt.Sprintf("{kMergeKeys + %d, %d}", keyOff[strings.Join(li.keys, "\x00")], len(li.keys))
		}
		fmt.Fprintf(&out, "    {ListStrategy::%s, %s},  // %d\n", li.strategy, span, i)
	}
	out.WriteString("};\n\n")
	if len(b.infos) >= 0xFF {
		log.Fatal("too many list infos")
	}

	// Nodes and fields.
	var fieldLines strings.Builder
	var nodeLines strings.Builder
	nFields := 0
	for _, n := range b.nodes {
		info := "kNoInfo"
		if n.isList {
			info = fmt.Sprint(n.info)
		}
		names := sortedKeys(n.fields)
		fmt.Fprintf(&nodeLines, "    {%d, %d, %s, %s, %s},  // %d %s\n", nFields, len(names), idx(n.additional), idx(n.elem), info, n.id, n.label)
		for _, name := range names {
			fmt.Fprintf(&fieldLines, "    {%s, %s},\n", ref(name), idx(n.fields[name]))
		}
		nFields += len(names)
	}
	if nFields >= none {
		log.Fatalf("too many fields: %d", nFields)
	}
	var kindLines strings.Builder
	for _, k := range kinds {
		fmt.Fprintf(&kindLines, "    {%s, %s, %d},  // %s %s\n", ref(k.apiVersion), ref(k.kind), k.n.id, k.apiVersion, k.kind)
	}

	out.WriteString("constexpr NodeRec kNodes[] = {\n" + nodeLines.String() + "};\n\n")
	out.WriteString("constexpr FieldRec kFields[] = {\n" + fieldLines.String() + "};\n\n")
	out.WriteString("// Sorted by (apiVersion, kind).\nconstexpr KindRec kKinds[] = {\n" + kindLines.String() + "};\n\n")
	out.WriteString("constexpr char kPool[] =\n" + cppEscapeChunked(pool.buf.String()) + "    ;\n\n")
	out.WriteString(lookupCode)

	if err := os.WriteFile(*cppOut, []byte(out.String()), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Fprintf(os.Stderr, "gen-merge-keys: %d kinds, %d nodes, %d fields, %d infos, pool %d bytes\n",
		len(kinds), len(b.nodes), nFields, len(b.infos), pool.buf.Len())
}
