#include "gitsync/core/status.h"

namespace gitsync {

const char* codeName(Code code) {
  switch (code) {
    case Code::Ok: return "Ok";
    case Code::InvalidArgument: return "InvalidArgument";
    case Code::NotFound: return "NotFound";
    case Code::AlreadyExists: return "AlreadyExists";
    case Code::FailedPrecondition: return "FailedPrecondition";
    case Code::Aborted: return "Aborted";
    case Code::Unavailable: return "Unavailable";
    case Code::DeadlineExceeded: return "DeadlineExceeded";
    case Code::Unimplemented: return "Unimplemented";
    case Code::ResourceExhausted: return "ResourceExhausted";
    case Code::Internal: return "Internal";
  }
  return "Unknown";
}

}  // namespace gitsync
