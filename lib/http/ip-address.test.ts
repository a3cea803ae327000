import { describe, expect, it } from "vitest";
import { describeBlockedReason, getBlockedRange, isBlockedAddress } from "./ip-address";

describe("isBlockedAddress", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["::1", "loopback"],
    ["10.0.0.1", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["fc00::1", "private"],
    ["fd12:3456::1", "private"],
    ["fec0::1", "private"],
    ["169.254.0.1", "link_local"],
    ["fe80::1", "link_local"],
    ["fe80::1%eth0", "link_local"],
    ["169.254.169.254", "metadata"],
    ["fd00:ec2::254", "metadata"],
    ["0.0.0.0", "unspecified"],
    ["0.1.2.3", "unspecified"],
    ["::", "unspecified"],
    ["100.64.0.1", "carrier_grade_nat"],
    ["100.127.255.255", "carrier_grade_nat"],
    ["224.0.0.1", "multicast"],
    ["239.255.255.250", "multicast"],
    ["ff02::1", "multicast"],
    ["255.255.255.255", "broadcast"],
    ["240.0.0.1", "reserved"],
    ["192.0.0.170", "reserved"],
    ["198.18.0.1", "reserved"],
    ["192.0.2.1", "documentation"],
    ["2001:db8::1", "documentation"],
    ["2001:0:4136:e378:8000:63bf:3fff:fdd2", "reserved"],
    ["100::1", "reserved"],
    ["64:ff9b:1::1", "reserved"],
    ["localhost", "not_an_ip"],
    ["", "not_an_ip"],
    ["2130706433", "not_an_ip"],
    ["0x7f.0.0.1", "not_an_ip"],
    ["127.1", "not_an_ip"],
  ])("refuses %s (%s)", (ip, range) => {
    expect(getBlockedRange(ip)).toBe(range);
    expect(isBlockedAddress(ip)).toBe(true);
  });

  it.each([
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["0:0:0:0:0:ffff:7f00:0001", "loopback"],
    ["::ffff:10.1.2.3", "private"],
    ["::ffff:a9fe:a9fe", "metadata"],
    ["::127.0.0.1", "loopback"],
    ["::7f00:1", "loopback"],
    ["::192.168.0.1", "private"],
    ["64:ff9b::127.0.0.1", "loopback"],
    ["64:ff9b::a00:1", "private"],
    ["64:ff9b::169.254.169.254", "metadata"],
    ["2002:7f00:1::1", "loopback"],
    ["2002:c0a8:101::", "private"],
  ])("looks inside the IPv4 address embedded in %s (%s)", (ip, range) => {
    expect(getBlockedRange(ip)).toBe(range);
  });

  it.each([
    "8.8.8.8",
    "1.1.1.1",
    "93.184.216.34",
    "172.15.255.255",
    "172.32.0.1",
    "100.63.255.255",
    "100.128.0.1",
    "169.253.255.255",
    "2606:4700:4700::1111",
    "2a00:1450:4001:80b::200e",
    "::ffff:8.8.8.8",
    "64:ff9b::8.8.8.8",
    "2002:808:808::1",
  ])("allows the public address %s", (ip) => {
    expect(isBlockedAddress(ip)).toBe(false);
    expect(describeBlockedReason(ip)).toBeNull();
  });

  it("describes why an address is refused", () => {
    expect(describeBlockedReason("127.0.0.1")).toBe("127.0.0.1 is a loopback address");
    expect(describeBlockedReason("169.254.169.254")).toBe("169.254.169.254 is a cloud metadata address");
    expect(describeBlockedReason("::ffff:7f00:1")).toBe("::ffff:7f00:1 is a loopback address");
  });
});
