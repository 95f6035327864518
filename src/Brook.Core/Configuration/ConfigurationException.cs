namespace Brook.Core.Configuration;

/// <summary>An invalid configuration: the message names the key and the value.</summary>
public sealed class ConfigurationException(string message, Exception? inner = null) : Exception(message, inner);
