// Where the SQLite store keeps its database: one file in the data directory.
#pragma once

#include <string>

namespace zkpush::store::sqlite {

// <data_dir>/zkpush.db ("." when data_dir is empty).
std::string database_path(const std::string& data_dir);

}  // namespace zkpush::store::sqlite
