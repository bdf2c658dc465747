# One static library of position-independent objects per source folder, linked
# to the folders it may use: the build states the layering. Every folder and
# the folders it may include are written to ${PROJECT_BINARY_DIR}/layers.txt,
# which cmake/check_layering.py compares with the #include lines (the
# clipfeed_layering target runs it before the library is built, so a forbidden
# include fails the build).
#
#   clipfeed_layer(NAME FOLDER
#                  SOURCES a.cpp b.cpp           relative to FOLDER
#                  LAYERS  other layer names     the folders FOLDER may include
#                  LIBS    external targets)
function(clipfeed_layer name folder)
  cmake_parse_arguments(LAYER "" "" "SOURCES;LAYERS;LIBS" ${ARGN})
  list(TRANSFORM LAYER_SOURCES PREPEND "${PROJECT_SOURCE_DIR}/${folder}/")
  set(target clipfeed_${name})
  add_library(${target} STATIC ${LAYER_SOURCES})
  target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR})
  target_compile_options(${target} PRIVATE ${CLIPFEED_WARNINGS})
  set_target_properties(${target} PROPERTIES
    POSITION_INDEPENDENT_CODE ON
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  set(layer_folders "")
  foreach(layer IN LISTS LAYER_LAYERS)
    target_link_libraries(${target} PUBLIC clipfeed_${layer})
    get_property(layer_folder GLOBAL PROPERTY clipfeed_layer_folder_${layer})
    if(NOT layer_folder)
      message(FATAL_ERROR "clipfeed_layer(${name}): layer '${layer}' must be declared before it is used")
    endif()
    list(APPEND layer_folders ${layer_folder})
  endforeach()
  target_link_libraries(${target} PUBLIC ${LAYER_LIBS})
  set_property(GLOBAL PROPERTY clipfeed_layer_folder_${name} ${folder})
  clipfeed_record_layer(${folder} ${layer_folders})
  set_property(GLOBAL APPEND PROPERTY clipfeed_layers ${target})
endfunction()

# Records, for the include check, which folders FOLDER may include (besides its own).
function(clipfeed_record_layer folder)
  string(REPLACE ";" " " allowed "${ARGN}")
  set_property(GLOBAL APPEND_STRING PROPERTY clipfeed_layer_table "${folder}: ${allowed}\n")
endfunction()

# Writes layers.txt and the target that checks every folder's includes against it.
function(clipfeed_layering_check)
  get_property(table GLOBAL PROPERTY clipfeed_layer_table)
  file(WRITE ${PROJECT_BINARY_DIR}/layers.txt "${table}")
  add_custom_target(clipfeed_layering ALL
    COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/cmake/check_layering.py
      ${PROJECT_SOURCE_DIR} ${PROJECT_BINARY_DIR}/layers.txt
    COMMENT "Checking that every folder includes only the folders its layer may use"
    VERBATIM)
endfunction()
