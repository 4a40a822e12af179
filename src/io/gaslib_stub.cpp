// Temporary: replaced by the GasLib reader.
#include "corridor/io.h"
namespace corridor {
Status ReadGasLibNetwork(const std::string& path, Network*, Diagnostics*) {
  return Status::Internal("GasLib reader not built yet: " + path);
}
}  // namespace corridor
