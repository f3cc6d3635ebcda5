using System.Reflection;
using System.Reflection.Emit;
using Microsoft.EntityFrameworkCore;

namespace KnowledgeBase.Web.Tests;

/// <summary>
/// Razor components read through Data's read services and write through its stores; they never hold a DbContext or run
/// EF Core queries themselves (issue #15: "Razor pages are the data layer"). The check reads every member signature and
/// every method body (async state machines and lambdas are nested types, so they are read too) of the types in
/// KnowledgeBase.Web.Components.
/// </summary>
public sealed class ComponentArchitectureTests
{
    private const string ComponentsNamespace = "KnowledgeBase.Web.Components";

    [Fact]
    public void No_component_uses_EF_Core_or_a_DbContext()
    {
        var components = typeof(KnowledgeBase.Web.Components.App).Assembly.GetTypes()
            .Where(t => t.Namespace is { } ns && (ns == ComponentsNamespace || ns.StartsWith(ComponentsNamespace + ".", StringComparison.Ordinal)))
            .ToList();
        Assert.True(components.Count > 50, $"Found only {components.Count} component types: is the namespace right?");

        var uses = components.SelectMany(EfUsesOf).Distinct().Order(StringComparer.Ordinal).ToList();

        Assert.True(uses.Count == 0, "Components must inject Data read services instead of using EF Core:\n" + string.Join("\n", uses));
    }

    [Fact]
    public void The_check_sees_a_DbContext_factory_a_query_extension_and_a_DbSet_in_a_method_body()
    {
        var uses = EfUsesOf(typeof(UsesEfOnPurpose)).Concat(typeof(UsesEfOnPurpose).GetNestedTypes(Everything).SelectMany(EfUsesOf)).ToList();

        Assert.Contains(uses, u => u.Contains("IDbContextFactory", StringComparison.Ordinal));
        Assert.Contains(uses, u => u.Contains("ToListAsync", StringComparison.Ordinal));
        Assert.Contains(uses, u => u.Contains("get_Articles", StringComparison.Ordinal));
    }

    private const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static IEnumerable<string> EfUsesOf(Type type)
    {
        if (UsesEf(type.BaseType)) yield return $"{type.FullName} derives from {type.BaseType}";
        foreach (var i in type.GetInterfaces().Where(UsesEf)) yield return $"{type.FullName} implements {i}";
        foreach (var field in type.GetFields(Everything).Where(f => UsesEf(f.FieldType)))
            yield return $"{type.FullName}.{field.Name} is a {field.FieldType}";
        foreach (var property in type.GetProperties(Everything).Where(p => UsesEf(p.PropertyType)))
            yield return $"{type.FullName}.{property.Name} is a {property.PropertyType}";
        foreach (var method in type.GetMethods(Everything).Cast<MethodBase>().Concat(type.GetConstructors(Everything)))
        {
            if (method is MethodInfo m && UsesEf(m.ReturnType)) yield return $"{type.FullName}.{method.Name} returns {m.ReturnType}";
            foreach (var parameter in method.GetParameters().Where(p => UsesEf(p.ParameterType)))
                yield return $"{type.FullName}.{method.Name} takes a {parameter.ParameterType}";
            foreach (var member in MembersUsedBy(method).Where(UsesEf))
                yield return $"{type.FullName}.{method.Name} uses {member.DeclaringType}.{member.Name}";
        }
    }

    private static bool UsesEf(MemberInfo member) => member switch
    {
        Type t => UsesEf(t),
        MethodInfo m => UsesEf(m.DeclaringType) || UsesEf(m.ReturnType) || (m.IsGenericMethod && m.GetGenericArguments().Any(UsesEf))
            || m.GetParameters().Any(p => UsesEf(p.ParameterType)),
        _ => UsesEf(member.DeclaringType) || (member is FieldInfo f && UsesEf(f.FieldType)) || (member is PropertyInfo p && UsesEf(p.PropertyType)),
    };

    private static bool UsesEf(Type? type)
    {
        if (type is null) return false;
        if (type.HasElementType) return UsesEf(type.GetElementType());
        if (type.IsGenericParameter) return false;
        if (type.Namespace is { } ns && (ns == "Microsoft.EntityFrameworkCore" || ns.StartsWith("Microsoft.EntityFrameworkCore.", StringComparison.Ordinal))) return true;
        if (typeof(DbContext).IsAssignableFrom(type)) return true;
        return type.IsGenericType && type.GetGenericArguments().Any(UsesEf);
    }

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    /// <summary>The methods, fields and types a method body refers to (call, newobj, ldfld, ldtoken, box, …).</summary>
    private static IEnumerable<MemberInfo> MembersUsedBy(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null) yield break;
        var typeArguments = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var position = 0;
        while (position < il.Length)
        {
            short value = il[position++];
            if (value == 0xFE) value = unchecked((short)(0xFE00 | il[position++]));
            var opCode = OpCodesByValue[value];
            switch (opCode.OperandType)
            {
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok:
                    var token = BitConverter.ToInt32(il, position);
                    position += 4;
                    MemberInfo? member;
                    try
                    {
                        member = method.Module.ResolveMember(token, typeArguments, methodArguments);
                    }
                    catch (ArgumentException)
                    {
                        member = null;
                    }
                    if (member is not null) yield return member;
                    break;
                case OperandType.InlineSwitch:
                    var count = BitConverter.ToInt32(il, position);
                    position += 4 + 4 * count;
                    break;
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    position += 1;
                    break;
                case OperandType.InlineVar:
                    position += 2;
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    position += 8;
                    break;
                default:
                    position += 4;
                    break;
            }
        }
    }

    /// <summary>What the check must catch: the shape five pages had before their reads moved into Data.</summary>
    private sealed class UsesEfOnPurpose(IDbContextFactory<KnowledgeBase.Data.KnowledgeBaseDbContext> factory)
    {
        public async Task<int> CountAsync()
        {
            await using var db = await factory.CreateDbContextAsync();
            return (await db.Articles.AsNoTracking().ToListAsync()).Count;
        }
    }
}
