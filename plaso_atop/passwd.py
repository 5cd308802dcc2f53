"""Reads the user names of a passwd file (passwd(5)), as getpwuid finds them."""


def ParsePasswd(data, complete=True):
    """Parses the user names of passwd data.

    A line is name:password:UID:GID:GECOS:directory:shell. The first line of a
    UID names it, as getpwuid finds it; a line that is not of this form, such
    as binary junk or an NIS "+" entry, is skipped.

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
        user_names.setdefault(int(uid), name.decode("utf-8", "replace"))
    return user_names
