/*
 * The offsets and sizes of the atop structures that plaso-atop reads, as the
 * compiler lays them out for one atop release and one ABI.
 *
 * Nothing is run: generate.py compiles this file to assembly (-S) with the
 * headers of an atop release and reads the "->GROUP NAME OFFSET SIZE" lines
 * that the asm statements leave in it, so that a cross compiler without a
 * target C library or emulator will do. ATOP_RELEASE is the release as
 * major * 100 + minor (126 for 1.26, 213 for 2.13); the struct definitions of
 * the raw header and sample record come from rawlog.h, or from rawlog.c before
 * 2.7, copied into rawlog_structs.h by generate.py.
 */
#include <regex.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/utsname.h>
#include <time.h>

#include "atop.h"
#include "photoproc.h"
#include "photosyst.h"
#if ATOP_RELEASE >= 211
#include "cgroups.h"
#endif
#include "rawlog_structs.h"

#if ATOP_RELEASE < 127
typedef struct pstat task_type;
#else
typedef struct tstat task_type;
#endif

#define MEMBER(group, name, type, member)                                     \
	__asm__ volatile("\n.ascii \"->" #group " " #name " %c0 %c1\""       \
	                 : : "i"(offsetof(type, member)),                      \
	                     "i"(sizeof(((type *)0)->member)))

#define SIZE(name, type)                                                      \
	__asm__ volatile("\n.ascii \"->sizes " #name " 0 %c0\""                \
	                 : : "i"(sizeof(type)))

void
atop_offsets(void)
{
	SIZE(rawheader, struct rawheader);
	SIZE(rawrecord, struct rawrecord);
	SIZE(sstat, struct sstat);
	SIZE(tstat, task_type);
#if ATOP_RELEASE >= 211
	SIZE(cstat, struct cstat);
#endif

	MEMBER(header, magic, struct rawheader, magic);
	MEMBER(header, aversion, struct rawheader, aversion);
	MEMBER(header, rawheadlen, struct rawheader, rawheadlen);
	MEMBER(header, rawreclen, struct rawheader, rawreclen);
	MEMBER(header, hertz, struct rawheader, hertz);
	MEMBER(header, sstatlen, struct rawheader, sstatlen);
#if ATOP_RELEASE < 127
	MEMBER(header, tstatlen, struct rawheader, pstatlen);
#else
	MEMBER(header, tstatlen, struct rawheader, tstatlen);
#endif
	MEMBER(header, utsname, struct rawheader, utsname);
	MEMBER(header, nodename, struct rawheader, utsname.nodename);
	MEMBER(header, release, struct rawheader, utsname.release);
	MEMBER(header, machine, struct rawheader, utsname.machine);
	MEMBER(header, pagesize, struct rawheader, pagesize);
	MEMBER(header, supportflags, struct rawheader, supportflags);
#if ATOP_RELEASE >= 211
	MEMBER(header, cstatlen, struct rawheader, cstatlen);
#endif

	MEMBER(record, curtime, struct rawrecord, curtime);
	MEMBER(record, flags, struct rawrecord, flags);
	MEMBER(record, scomplen, struct rawrecord, scomplen);
	MEMBER(record, pcomplen, struct rawrecord, pcomplen);
	MEMBER(record, interval, struct rawrecord, interval);
#if ATOP_RELEASE < 127
	MEMBER(record, ndeviat, struct rawrecord, nlist);
#else
	MEMBER(record, ndeviat, struct rawrecord, ndeviat);
	MEMBER(record, noverflow, struct rawrecord, noverflow);
#endif
#if ATOP_RELEASE >= 211
	MEMBER(record, ncgroups, struct rawrecord, ncgroups);
	MEMBER(record, ccomplen, struct rawrecord, ccomplen);
	MEMBER(record, coriglen, struct rawrecord, coriglen);
	MEMBER(record, ncgpids, struct rawrecord, ncgpids);
	MEMBER(record, icomplen, struct rawrecord, icomplen);
#endif

	MEMBER(task, pid, task_type, gen.pid);
	MEMBER(task, ppid, task_type, gen.ppid);
	MEMBER(task, uid, task_type, gen.ruid);
	MEMBER(task, euid, task_type, gen.euid);
	MEMBER(task, suid, task_type, gen.suid);
	MEMBER(task, fsuid, task_type, gen.fsuid);
	MEMBER(task, gid, task_type, gen.rgid);
	MEMBER(task, egid, task_type, gen.egid);
	MEMBER(task, sgid, task_type, gen.sgid);
	MEMBER(task, fsgid, task_type, gen.fsgid);
	MEMBER(task, process_name, task_type, gen.name);
#if ATOP_RELEASE >= 127
	MEMBER(task, is_process, task_type, gen.isproc);
#endif
	MEMBER(task, state, task_type, gen.state);
	MEMBER(task, exit_status, task_type, gen.excode);
	MEMBER(task, start_time, task_type, gen.btime);
	MEMBER(task, elapsed_ticks, task_type, gen.elaps);
	MEMBER(task, command_line, task_type, gen.cmdline);
#if ATOP_RELEASE >= 203
	MEMBER(task, was_inactive, task_type, gen.wasinactive);
#endif
#if ATOP_RELEASE >= 210
	MEMBER(task, container, task_type, gen.utsname);
#elif ATOP_RELEASE >= 203
	MEMBER(task, container, task_type, gen.container);
#endif
#if ATOP_RELEASE >= 208 && ATOP_RELEASE <= 210
	MEMBER(task, cgroup, task_type, gen.cgpath);
#endif
	MEMBER(task, cpu_user_ticks, task_type, cpu.utime);
	MEMBER(task, cpu_system_ticks, task_type, cpu.stime);
	MEMBER(task, disk_read_sectors, task_type, dsk.rsz);
	MEMBER(task, disk_write_sectors, task_type, dsk.wsz);
	MEMBER(task, disk_cancelled_write_sectors, task_type, dsk.cwsz);
	MEMBER(task, tcp_sent_bytes, task_type, net.tcpssz);
	MEMBER(task, tcp_received_bytes, task_type, net.tcprsz);
	MEMBER(task, udp_sent_bytes, task_type, net.udpssz);
	MEMBER(task, udp_received_bytes, task_type, net.udprsz);

#if ATOP_RELEASE >= 211
	MEMBER(cgroup, structlen, struct cstat, gen.structlen);
	MEMBER(cgroup, parentseq, struct cstat, gen.parentseq);
	MEMBER(cgroup, nprocs, struct cstat, gen.nprocs);
	MEMBER(cgroup, namelen, struct cstat, gen.namelen);
#endif
}
