// Raises the soft limit on open files to the hard limit: one connection per
// terminal means tens of thousands of descriptors for a server or an
// emulated fleet, and the usual soft limit is 1024.
#pragma once

namespace zkpush {

// Returns the soft limit now in force.
long raise_open_file_limit();

}  // namespace zkpush
