# Turns the files of the page into a C++ source, so that dchat-ui serves
# them from its own binary and needs no files beside it at run time.
#
# Run in script mode:
#   cmake -DOUTPUT=assets_data.cc -DASSET_DIR=dir -DASSETS=a.html,b.js -P embed_assets.cmake
string(REPLACE "," ";" ASSETS "${ASSETS}")
set(content "// Generated from servers/ui/assets by embed_assets.cmake; do not edit.\n")
string(APPEND content "#include \"ui/assets.h\"\n\nnamespace dchat::ui {\nnamespace {\n\n")

set(index 0)
set(table "")
foreach(asset IN LISTS ASSETS)
  file(READ "${ASSET_DIR}/${asset}" hex HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  # Break the array into lines of 24 bytes to keep the file readable.
  string(REGEX REPLACE "((0x[0-9a-f][0-9a-f],){24})" "\\1\n    " bytes "${bytes}")
  # A trailing NUL keeps the array non-empty for an empty file; it is not
  # part of the content.
  string(APPEND content "const unsigned char kAsset${index}[] = {\n    ${bytes}0x00};\n\n")
  string(APPEND table "    {\"${asset}\",\n     {reinterpret_cast<const char*>(kAsset${index}), sizeof(kAsset${index}) - 1}},\n")
  math(EXPR index "${index} + 1")
endforeach()

string(APPEND content "}  // namespace\n\n")
string(APPEND content "const EmbeddedFile kEmbeddedFiles[] = {\n${table}};\n")
string(APPEND content "const size_t kEmbeddedFileCount = ${index};\n\n}  // namespace dchat::ui\n")

# Rewrite only on change, so an unchanged page does not relink the server.
if(EXISTS "${OUTPUT}")
  file(READ "${OUTPUT}" previous)
  if(previous STREQUAL content)
    return()
  endif()
endif()
file(WRITE "${OUTPUT}" "${content}")
