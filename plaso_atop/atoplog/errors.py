"""The errors of the atop raw log reader."""


class Error(Exception):
    """Base error of the atop raw log reader."""


class AtopLogError(Error):
    """Error raised when a file is not an atop raw log that can be read."""


class UnsupportedLayoutError(AtopLogError):
    """Error raised when an atop raw log has a layout the reader does not know.

    Such as a log written by a patched build of atop, on a big-endian host or
    by a later release; or one whose sizes fit several ABIs and whose machine
    decides none.
    """


class CgroupError(Error):
    """Error raised when the cgroup blocks of a sample are inconsistent."""


class DamagedSampleError(Error):
    """Error raised when a sample cannot be read.

    Attributes:
      beyond_end (bool): True if the sample extends beyond the end of the file.
    """

    def __init__(self, message, beyond_end=False):
        """Initializes the error.

        Args:
          message (str): what is wrong with the sample.
          beyond_end (Optional[bool]): True if the sample extends beyond the
              end of the file.
        """
        super().__init__(message)
        self.beyond_end = beyond_end


class InflateError(Error):
    """Error raised when a block does not inflate to its declared size."""
