# Writes OUTPUT from TEMPLATE with DYNAMO_SIM_GIT_COMMIT set to the source tree's commit, run by
# the build (not only at configure time) so the commit follows checkouts without a reconfigure.
#
# The commit is `git rev-parse --short=12 HEAD`, with "-dirty" when tracked files differ from it;
# "unknown" when git is missing or SOURCE_DIR is not a git work tree (a release tarball). A
# non-empty COMMIT_OVERRIDE (-DDYNAMO_SIM_GIT_COMMIT=... at configure time, for packagers who
# build from a tarball) wins. configure_file rewrites OUTPUT only when its text changes, so an
# unchanged commit recompiles nothing.
#
# Usage: cmake -DSOURCE_DIR=... -DTEMPLATE=... -DOUTPUT=... [-DCOMMIT_OVERRIDE=...] -P git_commit.cmake
set(DYNAMO_SIM_GIT_COMMIT "unknown")
if(COMMIT_OVERRIDE)
  set(DYNAMO_SIM_GIT_COMMIT "${COMMIT_OVERRIDE}")
else()
  find_program(GIT_EXECUTABLE git)
  if(GIT_EXECUTABLE)
    execute_process(COMMAND "${GIT_EXECUTABLE}" -C "${SOURCE_DIR}" rev-parse --short=12 HEAD
                    RESULT_VARIABLE rev_status OUTPUT_VARIABLE rev OUTPUT_STRIP_TRAILING_WHITESPACE
                    ERROR_QUIET)
    if(rev_status EQUAL 0 AND rev)
      set(DYNAMO_SIM_GIT_COMMIT "${rev}")
      execute_process(COMMAND "${GIT_EXECUTABLE}" -C "${SOURCE_DIR}" diff-index --quiet HEAD --
                      RESULT_VARIABLE dirty_status OUTPUT_QUIET ERROR_QUIET)
      if(NOT dirty_status EQUAL 0)
        string(APPEND DYNAMO_SIM_GIT_COMMIT "-dirty")
      endif()
    endif()
  endif()
endif()
configure_file("${TEMPLATE}" "${OUTPUT}" @ONLY)
