"""Reads the user names of a passwd file (passwd(5)), as getpwuid finds them."""

# Largest UID: Linux UIDs are 32-bit unsigned integers.
MAXIMUM_UID = 0xFFFFFFFF


def ParsePasswd(data, complete=True):
    """Parses the user names of passwd data.

    A line is name:password:UID:GID:GECOS:directory:shell. The first line of a
    UID names it, as getpwuid finds it; a line that is not of this form, such
    as binary junk, an NIS "+" entry or a UID beyond 32 bits, is skipped.

    Args:
      data (bytes): passwd data.
      complete (Optional[bool]): False if the data is the start of a longer
          file, so that its last line may be cut.

    Returns:
      dict[int, str]: user name per UID.
    """
    lines = data.split(b"\n")
    if not complete:
        del lines[-1]

    user_names = {}
    for line in lines:
        fields = line.rstrip(b"\r").split(b":")
        if len(fields) != 7:
            continue
        name, _, uid = fields[:3]
        if not name or name[:1] in b"+-#" or not uid.isdigit():
            continue
        # A UID of thousands of digits is not converted: Python refuses to.
        if len(uid.lstrip(b"0")) > 10:
            continue
        uid = int(uid)
        if uid <= MAXIMUM_UID:
            user_names.setdefault(uid, name.decode("utf-8", "replace"))
    return user_names
