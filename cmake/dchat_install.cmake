# Install rules and the CMake package config, so that an outside project can
# find_package(dchat) and link dchat::dchat (and dchat::services).
include(CMakePackageConfigHelpers)

# Everything here belongs to the "sdk" component, so that
# `cmake --install BUILD --component sdk` installs the SDK alone.
install(TARGETS dchat dchat_services EXPORT dchatTargets COMPONENT sdk
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY include/dchat DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT sdk)
install(DIRECTORY ${DCHAT_PROTO_OUT}/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/dchat/proto
  COMPONENT sdk FILES_MATCHING PATTERN "*.h")
install(DIRECTORY proto/ DESTINATION ${CMAKE_INSTALL_DATADIR}/dchat/proto COMPONENT sdk)

install(EXPORT dchatTargets NAMESPACE dchat:: COMPONENT sdk
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/dchat)
configure_package_config_file(cmake/dchatConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/dchatConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/dchat)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/dchatConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${CMAKE_CURRENT_BINARY_DIR}/dchatConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/dchatConfigVersion.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/dchat COMPONENT sdk)
