// zkpush_test_postgres start|stop DIR: the PostgreSQL server one ctest run
// shares (the `postgres` fixture of tests/CMakeLists.txt); see
// support/postgres_server.h.
#include <exception>
#include <iostream>
#include <string_view>

#include "support/postgres_server.h"

int main(int argc, char** argv) {
  using zkpush::test::PostgresServer;
  const std::string_view command = argc == 3 ? argv[1] : "";
  try {
    if (command == "start") {
      PostgresServer::start_shared(argv[2]);
    } else if (command == "stop") {
      PostgresServer::stop_shared(argv[2]);
    } else {
      std::cerr << "usage: zkpush_test_postgres start|stop DIR\n";
      return 2;
    }
  } catch (const std::exception& e) {
    std::cerr << "zkpush_test_postgres " << command << ": " << e.what() << "\n";
    return 1;
  }
  return 0;
}
