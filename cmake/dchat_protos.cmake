# Generates C++ message and gRPC service code from proto/ into the build
# tree. Sets DCHAT_PROTO_SOURCES, DCHAT_PROTO_HEADERS and DCHAT_PROTO_OUT.
set(DCHAT_PROTO_ROOT ${CMAKE_CURRENT_SOURCE_DIR}/proto)
set(DCHAT_PROTO_OUT ${CMAKE_CURRENT_BINARY_DIR}/generated)
file(MAKE_DIRECTORY ${DCHAT_PROTO_OUT})
configure_file(${CMAKE_CURRENT_SOURCE_DIR}/cmake/version.h.in ${DCHAT_PROTO_OUT}/dchat/version.h @ONLY)
set(DCHAT_PROTO_FILES
  dchat/v1/common.proto
  dchat/v1/user.proto
  dchat/v1/room.proto
  dchat/v1/message.proto
  dchat/v1/presence.proto
  dchat/v1/gateway.proto
  grpc/health/v1/health.proto)

set(DCHAT_PROTO_SOURCES)
set(DCHAT_PROTO_HEADERS)
foreach(proto IN LISTS DCHAT_PROTO_FILES)
  string(REGEX REPLACE "\\.proto$" "" stem ${proto})
  set(outputs
    ${DCHAT_PROTO_OUT}/${stem}.pb.cc ${DCHAT_PROTO_OUT}/${stem}.pb.h
    ${DCHAT_PROTO_OUT}/${stem}.grpc.pb.cc ${DCHAT_PROTO_OUT}/${stem}.grpc.pb.h)
  add_custom_command(
    OUTPUT ${outputs}
    COMMAND protobuf::protoc
      --proto_path=${DCHAT_PROTO_ROOT}
      --cpp_out=${DCHAT_PROTO_OUT}
      --grpc_out=${DCHAT_PROTO_OUT}
      --plugin=protoc-gen-grpc=${DCHAT_GRPC_CPP_PLUGIN}
      ${DCHAT_PROTO_ROOT}/${proto}
    DEPENDS ${DCHAT_PROTO_ROOT}/${proto}
    COMMENT "Generating C++ code for ${proto}"
    VERBATIM)
  list(APPEND DCHAT_PROTO_SOURCES ${DCHAT_PROTO_OUT}/${stem}.pb.cc ${DCHAT_PROTO_OUT}/${stem}.grpc.pb.cc)
  list(APPEND DCHAT_PROTO_HEADERS ${DCHAT_PROTO_OUT}/${stem}.pb.h ${DCHAT_PROTO_OUT}/${stem}.grpc.pb.h)
endforeach()
