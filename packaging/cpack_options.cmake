# Read by cpack for each generator (CPACK_PROJECT_CONFIG_FILE).
# SPDX-License-Identifier: GPL-2.0-or-later
if(CPACK_GENERATOR STREQUAL "DEB")
  set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
endif()
