# cmake --install BUILD --prefix P: everything `speedlab run` needs, under P.
#   P/bin/speedlab                 the command: lib/speedlab/venv's Python, -m speedlab
#   P/lib/speedlab/bin/            the harness binaries (C++, its instruction-set builds, CUDA, the spawn
#                                  launcher, the ceilings): the build directory's bin/
#   P/lib/speedlab/java/           speedlab.jar
#   P/lib/speedlab/speedlab_build_info.json
#   P/lib/speedlab/python/         the Python packages: speedlab, python_baselines, references, speedlab_native
#   P/lib/speedlab/venv/           a small environment of its own (no pip): its speedlab.pth puts python/
#                                  and the packages of the Python CMake was configured with (numpy, ...) on
#                                  the path, so the runner and the Python harness it starts import the same
#                                  installed code with no PYTHONPATH
#   P/share/speedlab/benchmarks/   the manifest; P/share/speedlab/reports/published/ (speedlab reproduce)
# The runner finds these from speedlab/install_layout.json (runner/speedlab/layout.py), relative to itself.
include(GNUInstallDirs)
set(SPEEDLAB_INSTALL_LIBDIR "${CMAKE_INSTALL_LIBDIR}/speedlab")
set(SPEEDLAB_INSTALL_PYTHONDIR "${SPEEDLAB_INSTALL_LIBDIR}/python")
set(SPEEDLAB_INSTALL_DATADIR "${CMAKE_INSTALL_DATADIR}/speedlab")

set(_speedlab_programs speedlab_cpp speedlab_spawn speedlab_ceilings)
foreach(_isa IN LISTS SPEEDLAB_ISA_BUILT)
  list(APPEND _speedlab_programs speedlab_cpp_${_isa})
endforeach()
if(SPEEDLAB_HAVE_CUDA)
  list(APPEND _speedlab_programs speedlab_cuda speedlab_ceilings_cuda)
endif()
install(TARGETS ${_speedlab_programs} RUNTIME DESTINATION ${SPEEDLAB_INSTALL_LIBDIR}/bin)
install_jar(speedlab_java DESTINATION ${SPEEDLAB_INSTALL_LIBDIR}/java)
install(FILES ${CMAKE_BINARY_DIR}/speedlab_build_info.json DESTINATION ${SPEEDLAB_INSTALL_LIBDIR})

install(TARGETS speedlab_native LIBRARY DESTINATION ${SPEEDLAB_INSTALL_PYTHONDIR})
install(DIRECTORY runner/speedlab python_baselines references DESTINATION ${SPEEDLAB_INSTALL_PYTHONDIR}
        FILES_MATCHING PATTERN "*.py" PATTERN "__pycache__" EXCLUDE)
install(FILES benchmarks/suite.toml DESTINATION ${SPEEDLAB_INSTALL_DATADIR}/benchmarks)
install(DIRECTORY benchmarks/workloads DESTINATION ${SPEEDLAB_INSTALL_DATADIR}/benchmarks FILES_MATCHING PATTERN "*.toml")
install(DIRECTORY reports/published DESTINATION ${SPEEDLAB_INSTALL_DATADIR}/reports)

# Where the runner's other places are, relative to the installed speedlab package (so P can be moved).
file(RELATIVE_PATH _speedlab_root_rel "/P/${SPEEDLAB_INSTALL_PYTHONDIR}/speedlab" "/P/${SPEEDLAB_INSTALL_DATADIR}")
file(RELATIVE_PATH _speedlab_build_rel "/P/${SPEEDLAB_INSTALL_PYTHONDIR}/speedlab" "/P/${SPEEDLAB_INSTALL_LIBDIR}")
file(WRITE ${CMAKE_BINARY_DIR}/install/install_layout.json
     "{\"root\": \"${_speedlab_root_rel}\", \"build\": \"${_speedlab_build_rel}\"}\n")
install(FILES ${CMAKE_BINARY_DIR}/install/install_layout.json DESTINATION ${SPEEDLAB_INSTALL_PYTHONDIR}/speedlab)

# The environment: a venv of the configured Python (whose site-packages hold the pinned requirements),
# with the installed packages first.
execute_process(COMMAND "${Python_EXECUTABLE}" -c
                        "import sysconfig; print('\\n'.join(dict.fromkeys([sysconfig.get_path('purelib'), sysconfig.get_path('platlib')])))"
                OUTPUT_VARIABLE _speedlab_python_sites OUTPUT_STRIP_TRAILING_WHITESPACE)
file(RELATIVE_PATH _speedlab_venv_to_python "/P/${SPEEDLAB_INSTALL_LIBDIR}/venv/lib/python${Python_VERSION_MAJOR}.${Python_VERSION_MINOR}/site-packages"
     "/P/${SPEEDLAB_INSTALL_PYTHONDIR}")
file(WRITE ${CMAKE_BINARY_DIR}/install/speedlab.pth "${_speedlab_venv_to_python}\n${_speedlab_python_sites}\n")
install(CODE "
  set(_venv \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${SPEEDLAB_INSTALL_LIBDIR}/venv\")
  message(STATUS \"Creating: \${_venv}\")
  execute_process(COMMAND \"${Python_EXECUTABLE}\" -m venv --without-pip --clear \"\${_venv}\" RESULT_VARIABLE _rc)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR \"speedlab: '${Python_EXECUTABLE} -m venv' failed for \${_venv} (Debian: apt-get install python3-venv)\")
  endif()")
install(FILES ${CMAKE_BINARY_DIR}/install/speedlab.pth
        DESTINATION ${SPEEDLAB_INSTALL_LIBDIR}/venv/lib/python${Python_VERSION_MAJOR}.${Python_VERSION_MINOR}/site-packages)

configure_file(${PROJECT_SOURCE_DIR}/cmake/speedlab.in ${CMAKE_BINARY_DIR}/install/speedlab @ONLY)
install(PROGRAMS ${CMAKE_BINARY_DIR}/install/speedlab DESTINATION ${CMAKE_INSTALL_BINDIR})
