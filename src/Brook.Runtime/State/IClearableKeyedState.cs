namespace Brook.Runtime.State;

/// <summary>A keyed state that can drop a whole key group at once (BATCH execution drops a key's state when the key ends).</summary>
internal interface IClearableKeyedState
{
    void ClearKeyGroup(int keyGroup);
}
