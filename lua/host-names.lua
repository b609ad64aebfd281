-- Addresses and host names for the LuaSocket transport: whether a host is an IP literal, its
-- addresses through LuaSocket's resolver, and the host-name verification of a server's certificate
-- (RFC 6125; RFC 2818 section 3.1). LuaSec 1.2 checks the certificate chain but not the name, so
-- this is the check that stops a valid certificate for another site from being accepted: pure
-- functions over LuaSec's certificate object (extensions(), subject()).
-- lua/transport-luasocket.lua uses them for clients, lua/transport-luasocket-listener.lua for the
-- addresses it binds.


local function isIpv4Literal(host)
  return host:match("^%d+%.%d+%.%d+%.%d+$") ~= nil
end

local function isIpv6Literal(host)
  return host:find(":", 1, true) ~= nil
end

-- An IPv6 address as 8 numbers joined by ":", so that "::1" and "0:0:0:0:0:0:0:1" compare equal.
-- Returns nil for text that is not an IPv6 address. An embedded IPv4 tail (::ffff:1.2.3.4) counts
-- as its two 16-bit groups.
local function canonicalIpv6(text)
  text = text:lower():gsub("%%.*$", "") -- drop a zone index such as %eth0
  local a, b, c, d = text:match(":(%d+)%.(%d+)%.(%d+)%.(%d+)$")
  if a then
    local high = tonumber(a) * 256 + tonumber(b)
    local low = tonumber(c) * 256 + tonumber(d)
    text = text:gsub("%d+%.%d+%.%d+%.%d+$", string.format("%x:%x", high, low))
  end
  local head, tail = text, nil
  local gap = text:find("::", 1, true)
  if gap then
    head, tail = text:sub(1, gap - 1), text:sub(gap + 2)
  end
  local function groups(part)
    local list = {}
    if part == "" then
      return list
    end
    for group in (part .. ":"):gmatch("([^:]*):") do
      if not group:match("^%x%x?%x?%x?$") then
        return nil
      end
      list[#list + 1] = tonumber(group, 16)
    end
    return list
  end
  local first, last = groups(head), groups(tail or "")
  if not first or not last then
    return nil
  end
  local missing = 8 - #first - #last
  if (tail and missing < 1) or (not tail and missing ~= 0) then
    return nil
  end
  for _ = 1, missing do
    first[#first + 1] = 0
  end
  for _, group in ipairs(last) do
    first[#first + 1] = group
  end
  return table.concat(first, ":")
end

local function sameIpAddress(certificateEntry, host)
  if isIpv6Literal(host) then
    local wanted = canonicalIpv6(host)
    return wanted ~= nil and canonicalIpv6(certificateEntry) == wanted
  end
  return certificateEntry == host
end

-- DNS names compare case-insensitively and without a trailing dot (RFC 6125 section 6.4.1).
local function normalizeDnsName(name)
  return (tostring(name):lower():gsub("%.$", ""))
end

-- RFC 6125 section 6.4.3, as browsers apply it: "*" may only be the whole left-most label, it
-- matches exactly one non-empty label, and at least two labels must follow it ("*.com" matches
-- nothing). Partial-label wildcards such as "w*.example.com" are not honoured.
local function dnsNameMatches(pattern, host)
  pattern, host = normalizeDnsName(pattern), normalizeDnsName(host)
  if pattern:sub(1, 2) ~= "*." then
    return pattern == host and not pattern:find("*", 1, true)
  end
  local suffix = pattern:sub(3)
  if suffix:find("*", 1, true) or not suffix:find(".", 1, true) then
    return false
  end
  local firstLabel, rest = host:match("^([^.]+)%.(.+)$")
  return firstLabel ~= nil and rest == suffix
end

-- Host-name verification (RFC 6125; RFC 2818 section 3.1). LuaSec 1.2 checks the chain but not the
-- name, so this is the check that stops a valid certificate for another site from being accepted.
-- Returns true, or false and why.
local function certificateMatchesHost(certificate, host)
  local dnsNames, ipAddresses = {}, {}
  local okExtensions, extensions = pcall(function()
    return certificate:extensions()
  end)
  local altNames = okExtensions and type(extensions) == "table" and extensions["2.5.29.17"]
  if type(altNames) == "table" then
    dnsNames = altNames.dNSName or dnsNames
    ipAddresses = altNames.iPAddress or ipAddresses
  end

  if isIpv4Literal(host) or isIpv6Literal(host) then
    -- An IP address must appear as an iPAddress entry; names and wildcards never match it.
    for _, entry in ipairs(ipAddresses) do
      if sameIpAddress(entry, host) then
        return true
      end
    end
    return false, "the certificate has no subjectAltName entry for IP address " .. host
  end

  for _, entry in ipairs(dnsNames) do
    if dnsNameMatches(entry, host) then
      return true
    end
  end
  if #dnsNames > 0 then
    return false, "the certificate's names (" .. table.concat(dnsNames, ", ") .. ") do not match " .. host
  end

  -- Only a certificate without DNS names in subjectAltName falls back to the subject's most
  -- specific common name (RFC 6125 section 6.4.4).
  local commonName
  local okSubject, subject = pcall(function()
    return certificate:subject()
  end)
  if okSubject and type(subject) == "table" then
    for _, entry in ipairs(subject) do
      if entry.oid == "2.5.4.3" or entry.name == "commonName" then
        commonName = entry.value
      end
    end
  end
  if commonName and dnsNameMatches(commonName, host) then
    return true
  end
  return false, "the certificate's common name (" .. tostring(commonName) .. ") does not match " .. host
end

-- The addresses of `host` for `socket` (LuaSocket), in the resolver's order: { family, addr } each,
-- or nil and a message. The lookup blocks: LuaSocket has no asynchronous resolver, so a slow DNS
-- server stalls the caller for the lookup's duration (the plugin's connect timeout cannot
-- interrupt it). IP literals skip the lookup entirely.
local function resolve(socket, host)
  if isIpv4Literal(host) then
    return { { family = "inet", addr = host } }
  end
  if isIpv6Literal(host) then
    return { { family = "inet6", addr = host } }
  end
  local dns = socket.dns or {}
  if dns.getaddrinfo then
    local ok, entries, message = pcall(dns.getaddrinfo, host)
    if ok and type(entries) == "table" then
      local addresses = {}
      for _, entry in ipairs(entries) do
        if entry.family == "inet" or (entry.family == "inet6" and socket.tcp6) then
          addresses[#addresses + 1] = { family = entry.family, addr = entry.addr }
        end
      end
      if #addresses > 0 then
        return addresses
      end
      message = message or "no usable address"
    end
    return nil, tostring(ok and message or entries)
  end
  local ok, address, message = pcall(dns.toip, host)
  if ok and address then
    return { { family = "inet", addr = address } }
  end
  return nil, tostring(ok and message or address)
end

return {
  resolve = resolve,
  isIpv4Literal = isIpv4Literal,
  isIpv6Literal = isIpv6Literal,
  certificateMatchesHost = certificateMatchesHost,
}
