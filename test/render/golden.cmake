# Golden tests of the renderer, each `gitsync build` on a folder compared byte for byte:
#  - the kustomize compatibility corpus (../shared/compat, when present beside the checkout):
#    one test per line of cases.tsv;
#  - the project's own cases under test/render/golden/<case>/: the build root is input/ (or
#    input/<contents of the file `path`>); expected.yaml is `kubectl kustomize` output, or
#    expected-error.txt holds the exact error gitsync must print (exit 1, nothing on stdout).
set(GITSYNC_COMPAT_DIR "${CMAKE_SOURCE_DIR}/../shared/compat" CACHE PATH "kustomize corpus")
set(golden_runner ${CMAKE_SOURCE_DIR}/test/render/golden_case.sh)

if(EXISTS ${GITSYNC_COMPAT_DIR}/cases.tsv)
  file(STRINGS ${GITSYNC_COMPAT_DIR}/cases.tsv compat_lines)
  foreach(line IN LISTS compat_lines)
    string(REPLACE "\t" ";" fields "${line}")
    list(GET fields 0 tree)
    list(GET fields 1 expected)
    # The repository a tree came from is its first path component: the load root.
    string(REGEX REPLACE "/.*" "" repo "${tree}")
    add_test(NAME "compat: ${tree}"
      COMMAND bash ${golden_runner} $<TARGET_FILE:gitsync>
              ${GITSYNC_COMPAT_DIR}/trees/${tree} ${GITSYNC_COMPAT_DIR}/${expected} output
              ${GITSYNC_COMPAT_DIR}/trees/${repo})
    set_tests_properties("compat: ${tree}" PROPERTIES LABELS compat)
  endforeach()
else()
  message(WARNING "kustomize corpus not found at ${GITSYNC_COMPAT_DIR}: compat tests skipped")
endif()

file(GLOB golden_cases LIST_DIRECTORIES true CONFIGURE_DEPENDS
     ${CMAKE_SOURCE_DIR}/test/render/golden/*)
foreach(case_dir IN LISTS golden_cases)
  if(IS_DIRECTORY ${case_dir})
    get_filename_component(case ${case_dir} NAME)
    set(root ${case_dir}/input)
    if(EXISTS ${case_dir}/path)
      file(STRINGS ${case_dir}/path sub LIMIT_COUNT 1)
      set(root ${case_dir}/input/${sub})
    endif()
    if(EXISTS ${case_dir}/expected-error.txt)
      set(expect ${case_dir}/expected-error.txt)
      set(mode error)
    else()
      set(expect ${case_dir}/expected.yaml)
      set(mode output)
    endif()
    add_test(NAME "golden: ${case}"
      COMMAND bash ${golden_runner} $<TARGET_FILE:gitsync> ${root} ${expect} ${mode}
              ${case_dir}/input)
    set_tests_properties("golden: ${case}" PROPERTIES LABELS golden)
  endif()
endforeach()

add_test(NAME "cli: build" COMMAND bash ${CMAKE_SOURCE_DIR}/test/cli/build_cli_test.sh $<TARGET_FILE:gitsync>)

# Every kustomization of examples/gitops-repo, against `kubectl kustomize` output kept in
# test/render/examples/<folder with / as _>.yaml (${...} placeholders are left as they are).
file(GLOB example_expected CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/test/render/examples/*.yaml)
foreach(expected IN LISTS example_expected)
  get_filename_component(name ${expected} NAME_WE)
  string(REPLACE "_" "/" folder "${name}")
  add_test(NAME "example: ${folder}"
    COMMAND bash ${golden_runner} $<TARGET_FILE:gitsync>
            ${CMAKE_SOURCE_DIR}/examples/gitops-repo/${folder} ${expected} output
            ${CMAKE_SOURCE_DIR}/examples/gitops-repo)
  set_tests_properties("example: ${folder}" PROPERTIES LABELS golden)
endforeach()
