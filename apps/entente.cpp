// The `entente` command: engine, CLI and HTTP server in one binary.

#include <exception>
#include <iostream>

#include "cli/cli.hpp"

int main(int argc, char** argv) {
  try {
    return entente::run_cli(argc, argv, std::cout, std::cerr, std::make_unique<entente::SystemClock>());
  } catch (const std::exception& error) {
    std::cerr << "entente: internal error: " << error.what() << "\nPlease report this with the command you ran.\n";
    return 70;
  }
}
